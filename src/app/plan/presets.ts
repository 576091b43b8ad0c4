/**
 * Device presets for common edge boards. Every figure and how it was derived is in docs/devices.md (vendor
 * spec pages by name). `gflops` is an *effective* rate for fp32 inference, not the peak:
 * peak = cores × clock × fp32 FLOP per cycle, effective = peak × EFFICIENCY (an assumption, stated there).
 * `memoryBytes` is the share of RAM given to the model (half of the board's RAM: the OS, the runtime and the
 * camera pipeline keep the rest). Links: the Pis and the phone on Wi-Fi (802.11ac / Wi-Fi 6), the Jetsons
 * on their Gigabit Ethernet, at realistic rather than nominal rates.
 */
import type { Device } from '../../core/partition/cluster.ts'

const MiB = 2 ** 20
const GiB = 2 ** 30

/** share of fp32 peak that inference reaches (an assumption; docs/devices.md) */
export const EFFICIENCY = { cpu: 0.12, gpu: 0.2 } as const

export interface Preset {
  id: string
  label: string
  /** the figures the rate comes from, as quoted in docs/devices.md */
  basis: string
  peakGflops: number
  kind: 'cpu' | 'gpu'
  ramBytes: number
  bandwidthMbps: number
  latencyMs: number
  /** ms per node launched (an assumption, docs/devices.md "Kernel overhead") */
  kernelOverheadMs: number
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'rpi4', label: 'Raspberry Pi 4 (4 GB)', kind: 'cpu',
    basis: '4× Cortex-A72 @ 1.8 GHz, 16 fp32 FLOP/cycle (2 × 128-bit FMA)', peakGflops: 4 * 1.8 * 16,
    ramBytes: 4 * GiB, bandwidthMbps: 300, latencyMs: 1, kernelOverheadMs: 0.02,
  },
  {
    id: 'rpi5', label: 'Raspberry Pi 5 (8 GB)', kind: 'cpu',
    basis: '4× Cortex-A76 @ 2.4 GHz, 16 fp32 FLOP/cycle (2 × 128-bit FMA)', peakGflops: 4 * 2.4 * 16,
    ramBytes: 8 * GiB, bandwidthMbps: 300, latencyMs: 1, kernelOverheadMs: 0.015,
  },
  {
    id: 'jetson-nano', label: 'Jetson Nano (4 GB)', kind: 'gpu',
    basis: '128 Maxwell CUDA cores @ 921 MHz, 2 fp32 FLOP/cycle (FMA)', peakGflops: 128 * 0.921 * 2,
    ramBytes: 4 * GiB, bandwidthMbps: 940, latencyMs: 0.5, kernelOverheadMs: 0.03,
  },
  {
    id: 'orin-nano', label: 'Jetson Orin Nano (8 GB)', kind: 'gpu',
    basis: '1024 Ampere CUDA cores @ 625 MHz, 2 fp32 FLOP/cycle (FMA)', peakGflops: 1024 * 0.625 * 2,
    ramBytes: 8 * GiB, bandwidthMbps: 940, latencyMs: 0.5, kernelOverheadMs: 0.02,
  },
  {
    id: 'phone', label: 'Phone SoC (Snapdragon 865-class)', kind: 'cpu',
    basis: '1× Cortex-A77 @ 2.84 GHz + 3× Cortex-A77 @ 2.42 GHz, 16 fp32 FLOP/cycle; the 4 Cortex-A55 not counted',
    peakGflops: (2.84 + 3 * 2.42) * 16,
    ramBytes: 8 * GiB, bandwidthMbps: 400, latencyMs: 2, kernelOverheadMs: 0.015,
  },
]

const round1 = (x: number): number => Math.round(x * 10) / 10

/** The device a preset describes, named `name`. */
export function presetDevice(preset: Preset, name: string): Device {
  return {
    name,
    gflops: round1(preset.peakGflops * EFFICIENCY[preset.kind]),
    memoryBytes: Math.round(preset.ramBytes / 2 / MiB) * MiB,
    bandwidthMbps: preset.bandwidthMbps,
    latencyMs: preset.latencyMs,
    kernelOverheadMs: preset.kernelOverheadMs,
  }
}
