import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory for an accounts file and its secret files; `remove()` it in a finally/afterAll. */
export interface ScratchDir {
  dir: string;
  /** Writes `name` in the directory and returns its path. */
  write(name: string, content: string): string;
  remove(): void;
}

/** Creates a scratch directory under the system temp directory. */
export function scratchDir(): ScratchDir {
  const dir = mkdtempSync(join(tmpdir(), 'spaces-accounts-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
