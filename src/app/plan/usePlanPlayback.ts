/**
 * Playback of the shown plan: the cursor walks the order one node per tick; the Gantt outlines the node's
 * bars, the memory chart moves its cursor and the graph highlights the running node (its `highlight` prop).
 */
import { useEffect } from 'react'
import { useStore } from '../store/index.ts'

export function setPlanStep(step: number): void {
  useStore.setState((s) => ({ planPlayback: { ...s.planPlayback, step } }))
}

export function togglePlanPlay(last: number): void {
  useStore.setState((s) => {
    const { step, playing } = s.planPlayback
    return { planPlayback: { playing: !playing, step: !playing && step >= last ? 0 : Math.max(0, step) } }
  })
}

export function usePlanPlayback(steps: number, stepsPerSecond = 8): void {
  const playing = useStore((s) => s.planPlayback.playing)
  useEffect(() => {
    if (!playing) return
    const timer = setInterval(() => {
      const { step } = useStore.getState().planPlayback
      if (step >= steps - 1) useStore.setState({ planPlayback: { step, playing: false } })
      else setPlanStep(step + 1)
    }, 1000 / stepsPerSecond)
    return () => clearInterval(timer)
  }, [playing, steps, stepsPerSecond])
}
