/** Saves bytes or a data URL as a file through the browser's download (both shells). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  downloadUrl(url, name)
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function downloadUrl(url: string, name: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/**
 * A file name from free text: letters and digits of any script (a chart titled 损失, a
 * class folder named 連衣裙), . _ - only; at most 64 characters, never half of one.
 */
export function safeName(text: string, fallback = 'file'): string {
  const s = text.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^-+|-+$/g, '')
  return Array.from(s || fallback)
    .slice(0, 64)
    .join('')
}
