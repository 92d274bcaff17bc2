// Changing the channel count of a whole uint8 image set (NHWC).

/** Gray → RGB by copying the one channel into three. */
export function grayToRgb(gray: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(gray.length * 3)
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i]!
    rgb[i * 3] = v
    rgb[i * 3 + 1] = v
    rgb[i * 3 + 2] = v
  }
  return rgb
}

/** RGB → luma with ITU-R 601-2 weights, rounded as Pillow's `convert('L')` (torchvision's Grayscale). */
export function rgbToGray(rgb: Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgb.length / 3)
  for (let i = 0; i < gray.length; i++) {
    gray[i] =
      (rgb[i * 3]! * 19595 + rgb[i * 3 + 1]! * 38470 + rgb[i * 3 + 2]! * 7471 + 0x8000) >> 16
  }
  return gray
}

export function convertChannels(images: Uint8Array, from: 1 | 3, to: 1 | 3): Uint8Array {
  if (from === to) return images
  return to === 3 ? grayToRgb(images) : rgbToGray(images)
}
