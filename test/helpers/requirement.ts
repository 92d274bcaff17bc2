import fs from 'node:fs'
import { FASHION_MNIST_DIR } from '../../src/main/engine/data/fashionMnist'

/**
 * Something a test needs from outside the repository (a Debian package, a data set).
 * Where it may be missing, the test skips, its note saying what to install. The test
 * command (scripts/test-all.sh) installs each one and sets GAN_STUDIO_REQUIRE_TEST_DEPS=1,
 * as does a CI that sets `CI`: there a missing one fails the test with what to install, so
 * it can never pass unrun.
 *
 *     it('…', (ctx) => { fashionMnist.check(ctx); … })
 */
export interface Requirement {
  /** Missing, where missing is allowed: for `it.skipIf` (which shows no note). */
  readonly skip: boolean
  /** Returns when present; else skips the test (given its context) or throws, as above. */
  check(ctx?: { skip(note: string): never }): void
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes)$/i.test(v)

/** True under the test command or a CI: a missing requirement fails instead of skipping. */
export const requiredHere =
  truthy(process.env.GAN_STUDIO_REQUIRE_TEST_DEPS) || truthy(process.env.CI)

export function requirement(
  present: boolean,
  missing: string,
  required: boolean = requiredHere
): Requirement {
  return {
    skip: !present && !required,
    check(ctx) {
      if (present) return
      if (!required && ctx) ctx.skip(`${missing}.`)
      throw new Error(
        required
          ? `${missing}. The test command needs it, so this test fails instead of skipping.`
          : `${missing}.`
      )
    }
  }
}

export const fashionMnist = requirement(
  fs.existsSync(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`),
  `Fashion-MNIST is missing from ${FASHION_MNIST_DIR}: install Debian's dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist; scripts/test-all.sh does)`
)

export const torchvision = requirement(
  fs.existsSync('/usr/lib/python3/dist-packages/torchvision'),
  "torchvision is missing: install Debian's python3-torchvision (sudo apt-get install python3-torchvision; scripts/test-all.sh does)"
)
