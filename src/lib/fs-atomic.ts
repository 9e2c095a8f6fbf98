import { writeFileSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** Writes through a temporary file and a rename, so a kill never leaves a torn file. */
export function writeFileAtomic(file: string, contents: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, contents, { mode });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
