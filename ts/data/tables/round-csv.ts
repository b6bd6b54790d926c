/**
 * Writing a table's split as the CLI's CSV files: `<name>-training.csv` (`provider,x1..xd,y`) and
 * `<name>-validation.csv` (`x1..xd,y`) in one folder (created if missing), each atomically.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { formatTrainingCsv, formatValidationCsv, type TrainingSet, type ValidationSet } from '../csv.js';

/** Writes the training and validation files of `split` as `<name>-training.csv` and `<name>-validation.csv` in `dir`; returns their paths. */
export function writeRoundCsv(dir: string, name: string, split: { training: TrainingSet; validation: ValidationSet }): { trainingPath: string; validationPath: string } {
  mkdirSync(dir, { recursive: true });
  const trainingPath = join(dir, `${name}-training.csv`);
  const validationPath = join(dir, `${name}-validation.csv`);
  writeFileAtomic(trainingPath, formatTrainingCsv(split.training));
  writeFileAtomic(validationPath, formatValidationCsv(split.validation));
  return { trainingPath, validationPath };
}
