/**
 * happy-dom has no canvas drawing, so `getContext('2d')` is null and Chart.js throws while
 * laying out. This 2D context does every call and draws nothing: charts run their real code
 * (data, scales, layout) and the views around them render as in a browser.
 */
export function installBlankCanvas(): void {
  const proto = HTMLCanvasElement.prototype as unknown as { getContext: unknown }
  if ((proto.getContext as { blank?: boolean }).blank) return
  const getContext = function (this: HTMLCanvasElement, kind: string) {
    if (kind !== '2d') return null
    const state: Record<string | symbol, unknown> = {
      canvas: this,
      measureText: (text: string) => ({
        width: text.length * 6,
        actualBoundingBoxAscent: 8,
        actualBoundingBoxDescent: 2
      }),
      createLinearGradient: () => ({ addColorStop: () => undefined }),
      createRadialGradient: () => ({ addColorStop: () => undefined }),
      getImageData: (_x: number, _y: number, w: number, h: number) => ({
        width: w,
        height: h,
        data: new Uint8ClampedArray(w * h * 4)
      }),
      getLineDash: () => [],
      isPointInPath: () => false
    }
    const noop = () => undefined
    return new Proxy(state, {
      get: (target, key) => (key in target ? target[key] : noop),
      set: (target, key, value) => {
        target[key] = value
        return true
      }
    })
  }
  Object.assign(getContext, { blank: true })
  proto.getContext = getContext
}
