import { z } from 'zod'

/** The largest seed: seeds are 31-bit, so every tool (and PyTorch's generators) takes them. */
export const SEED_MAX = 2 ** 31 - 1

/** A seed argument, wherever one is taken (training, the Lab, generation). */
export const SeedSchema = z.number().int().min(0).max(SEED_MAX)
