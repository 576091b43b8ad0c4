/**
 * Play, pause and step through the selected order; a slider moves the cursor directly.
 */
import { useStore } from '../store/index.ts'
import { formatInt } from '../format.ts'
import { shortName } from './order-facts.ts'
import { setSpeed, setStep, stepBy, togglePlay } from './usePlayback.ts'

const SPEEDS = [2, 8, 30, 120] as const

export function PlaybackBar({ last, running }: { last: number; running: string | null }) {
  const step = useStore((s) => s.playback.step)
  const playing = useStore((s) => s.playback.playing)
  const speed = useStore((s) => s.playback.speed)
  return (
    <div className="playback" data-testid="playback" data-step={step} data-playing={playing}>
      <button type="button" className="button small" onClick={() => stepBy(-1, last)} disabled={step <= 0}
        data-testid="step-back" aria-label="Step back" title="Step back">◀</button>
      <button type="button" className="button small" onClick={() => togglePlay(last)} data-testid="play"
        aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" className="button small" onClick={() => stepBy(1, last)} disabled={step >= last}
        data-testid="step-forward" aria-label="Step forward" title="Step forward">▶︎|</button>
      <input type="range" min={0} max={last} value={Math.min(step, last)} aria-label="Step"
        onChange={(e) => setStep(Number(e.target.value))} data-testid="step-slider" />
      <span className="num small">
        {formatInt(Math.min(step, last))} / {formatInt(last)}
      </span>
      <label className="small">
        speed{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Playback speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>{s} steps/s</option>
          ))}
        </select>
      </label>
      <span className="mono small ellipsis playback-node" title={running ?? undefined}>
        {running ? `running ${shortName(running, 40)}` : 'graph inputs'}
      </span>
    </div>
  )
}
