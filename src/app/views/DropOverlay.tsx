import { useEffect, useState } from 'react'
import { openFile } from '../actions/model.ts'

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false

/** Drag-and-drop on the whole window; an overlay says where the file will go while one is dragged over. */
export function DropOverlay() {
  const [over, setOver] = useState(false)
  useEffect(() => {
    let depth = 0 // dragenter/dragleave fire for every child element crossed
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return
      depth++
      setOver(true)
    }
    const leave = () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setOver(false)
    }
    const overHandler = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault() // without it the browser opens the file instead of dropping it here
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const drop = (e: DragEvent) => {
      e.preventDefault()
      depth = 0
      setOver(false)
      const file = e.dataTransfer?.files[0]
      if (file) void openFile(file)
    }
    addEventListener('dragenter', enter)
    addEventListener('dragleave', leave)
    addEventListener('dragover', overHandler)
    addEventListener('drop', drop)
    return () => {
      removeEventListener('dragenter', enter)
      removeEventListener('dragleave', leave)
      removeEventListener('dragover', overHandler)
      removeEventListener('drop', drop)
    }
  }, [])
  if (!over) return null
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay-box">Drop an ONNX model or a memoria-graph JSON to open it</div>
    </div>
  )
}
