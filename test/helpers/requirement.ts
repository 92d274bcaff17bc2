import fs from 'node:fs'
import { FASHION_MNIST_DIR } from '../../src/main/engine/data/fashionMnist'

/**
 * Something a test needs from outside the repository (a Debian package, a data set).
 * Locally a missing one skips the test (`skip`); in CI, where the test command installs
 * it, the test runs and `check()` fails it with what to install, so it cannot pass unrun.
 */
export interface Requirement {
  readonly skip: boolean
  check(): void
}

export const inCi = process.env.CI === 'true' || process.env.CI === '1'

export function requirement(present: boolean, missing: string): Requirement {
  return {
    skip: !present && !inCi,
    check() {
      if (!present)
        throw new Error(`${missing} (CI is set, so this test fails instead of skipping)`)
    }
  }
}

export const fashionMnist = requirement(
  fs.existsSync(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`),
  `Fashion-MNIST is missing from ${FASHION_MNIST_DIR}: install Debian's dataset-fashion-mnist (scripts/test-all.sh does)`
)

export const torchvision = requirement(
  fs.existsSync('/usr/lib/python3/dist-packages/torchvision'),
  "torchvision is missing: install Debian's python3-torchvision (scripts/test-all.sh does)"
)
