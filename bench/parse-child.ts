/**
 * One measured parse, in a fresh process so that its peak RSS is the whole command's: opens the file given
 * as argv[2] through the Node ByteSource, reads it with the streaming ONNX reader, and prints one JSON line
 * with the parse time (wall and CPU) and the memory peaks (process.memoryUsage() sampled every 2 ms and at every progress
 * callback, and the kernel's max RSS from process.resourceUsage()).
 */
import { openNodeSource } from '../src/cli/node-source.ts'
import { readOnnx } from '../src/core/onnx/read.ts'

const path = process.argv[2]
const before = process.memoryUsage()
const peak = { rss: before.rss, arrayBuffers: before.arrayBuffers, heapUsed: before.heapUsed, external: before.external }
const sample = (): void => {
  const m = process.memoryUsage()
  peak.rss = Math.max(peak.rss, m.rss)
  peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers)
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed)
  peak.external = Math.max(peak.external, m.external)
}
const timer = setInterval(sample, 2)
const t0 = performance.now()
const cpu0 = process.cpuUsage()
const file = await openNodeSource(path)
let bytesRead = 0
let reads = 0
const src = { size: file.size, read: (offset: number, length: number) => {
  reads++
  bytesRead += Math.min(length, file.size - offset)
  return file.read(offset, length)
} }
let progressCalls = 0
const raw = await readOnnx(src, { onProgress: () => {
  progressCalls++
  sample()
} })
await file.close()
const parseMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
clearInterval(timer)
sample()
const end = process.memoryUsage()
let inlineBytes = 0
for (const t of raw.initializers) if (t.location.kind === 'inline') inlineBytes += t.location.length
console.log(JSON.stringify({
  parseMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  fileBytes: raw.fileBytes,
  nodes: raw.nodes.length,
  initializers: raw.initializers.length,
  inlineBytes,
  progressCalls,
  reads,
  bytesRead,
  before: { rss: before.rss, arrayBuffers: before.arrayBuffers, heapUsed: before.heapUsed },
  peak,
  end: { rss: end.rss, arrayBuffers: end.arrayBuffers, heapUsed: end.heapUsed },
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
}))
