/**
 * PNG bytes from the engine become object URLs for <img>; the set owns them and
 * revokes them when they are dropped, so long runs do not leak blobs.
 */
export class ObjectUrlSet {
  private readonly urls = new Set<string>()

  add(png: Uint8Array): string {
    const url = URL.createObjectURL(new Blob([png as BlobPart], { type: 'image/png' }))
    this.urls.add(url)
    return url
  }

  revoke(url: string): void {
    if (this.urls.delete(url)) URL.revokeObjectURL(url)
  }

  clear(): void {
    for (const url of this.urls) URL.revokeObjectURL(url)
    this.urls.clear()
  }
}
