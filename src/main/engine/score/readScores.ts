// Reading a checkpoint's scores.json, apart from scoring: the run listings read it, and must
// not pull in the judge, the generator and tfjs (nor import runStore back).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CheckpointScoresSchema, SCORES_FILE, type CheckpointScores } from '../../../shared/scores'

/** A checkpoint's scores.json, or undefined when it has none (or an unreadable one). */
export async function readScores(checkpointDir: string): Promise<CheckpointScores | undefined> {
  try {
    const text = await readFile(join(checkpointDir, SCORES_FILE), 'utf8')
    const parsed = CheckpointScoresSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
