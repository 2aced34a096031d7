import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (where package.json and schema/ live). This module sits one level below it both in
 * the sources (src/) and in the build (dist/), so the root follows from its own URL, never from the
 * working directory: `node /opt/app/dist/main.js` works from any directory.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The absolute path of a file shipped with the package, given relative to the package root. */
export function packagePath(relative: string): string {
  return join(PACKAGE_ROOT, relative);
}
