/**
 * Downloads through blob URLs (nothing leaves the page: docs/spec.md section 5), and the file names they use.
 */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // the click starts the download synchronously; revoke on the next turn so the browser has the URL
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function downloadText(text: string, fileName: string, mime: string): void {
  downloadBlob(new Blob([text], { type: mime }), fileName)
}

/** `resnet50-btsearch-inplace`: a model name made safe for a file name, plus what distinguishes the order. */
export function fileStem(model: string, ...parts: string[]): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'model'
  return [safe(model), ...parts.map(safe)].join('-')
}
