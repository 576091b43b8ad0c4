import { useEffect, useState } from 'react'
import { openFiles } from '../actions/model.ts'

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false

/**
 * Drag-and-drop on the whole window; an overlay says where the file will go while one is dragged over. A model
 * dropped with its external weights files opens with them (see openFiles).
 */
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
      // a model alone, or together with its external weights files
      const files = Array.from(e.dataTransfer?.files ?? [])
      if (files.length > 0) void openFiles(files)
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
      <div className="drop-overlay-box">Drop an ONNX model (with its weights files, if any) or a memoria-graph JSON to open it</div>
    </div>
  )
}
