/**
 * Playback of the selected order: while playing, the cursor advances one step at `speed` steps per second
 * and stops at the end. Every cursor move publishes the running node and the live tensors to the store
 * (`playback.highlight`), which the graph view receives as its `highlight` prop.
 */
import { useEffect } from 'react'
import type { MemoriaGraph } from '../../core/graph/types.ts'
import type { MemoryModel } from '../../core/memory/ops.ts'
import { useStore } from '../store/index.ts'
import { liveTensorsAt, nodeAt, type Curve } from './curves.ts'

function patch(p: Partial<ReturnType<typeof useStore.getState>['playback']>): void {
  useStore.setState((s) => ({ playback: { ...s.playback, ...p } }))
}

// the cursor belongs to a model: a newly opened one starts at the beginning, not paused half-way (issue 11)
let playbackGraph: MemoriaGraph | null | undefined
useStore.subscribe((s) => {
  const g = s.model?.graph ?? null
  if (g === playbackGraph) return
  const first = playbackGraph === undefined
  playbackGraph = g
  if (!first) patch({ step: 0, playing: false, highlight: null })
})

export function setStep(step: number): void {
  patch({ step: Math.max(0, Math.round(step)) })
}

export function stepBy(delta: number, last: number): void {
  const s = useStore.getState().playback.step
  patch({ step: Math.min(last, Math.max(0, s + delta)), playing: false })
}

export function togglePlay(last: number): void {
  const { step, playing } = useStore.getState().playback
  // playing from the end starts over
  patch({ playing: !playing, step: !playing && step >= last ? 0 : step })
}

export function setSpeed(speed: number): void {
  patch({ speed })
}

export function stopPlayback(): void {
  patch({ playing: false, highlight: null })
}

/** Drives the timer and the graph highlight for `curve` (null: nothing selected). */
export function usePlayback(graph: MemoriaGraph | null, curve: Curve | null, model: MemoryModel): void {
  const playing = useStore((s) => s.playback.playing)
  const speed = useStore((s) => s.playback.speed)
  const step = useStore((s) => s.playback.step)
  const last = curve ? curve.ids.length : 0

  useEffect(() => {
    if (!playing || !curve) return
    const timer = setInterval(() => {
      const s = useStore.getState().playback.step
      if (s >= last) patch({ playing: false })
      else patch({ step: s + 1 })
    }, Math.max(16, 1000 / speed))
    return () => clearInterval(timer)
  }, [playing, speed, curve, last])

  useEffect(() => {
    // nothing lights up on the graph until the user moves the cursor or plays
    if (!graph || !curve || (step === 0 && !playing)) {
      if (useStore.getState().playback.highlight !== null) patch({ highlight: null })
      return
    }
    const k = Math.min(step, last)
    const running = nodeAt(graph, curve, k) ?? undefined
    const live = liveTensorsAt(graph, curve, model, k).flatMap((t) => [t.name, ...t.shared])
    patch({ highlight: { running, live } })
  }, [graph, curve, model, step, last, playing])
}
