import { readFileSync } from 'node:fs';

/**
 * The `NODE_OPTIONS` the image sets (Dockerfile `ENV NODE_OPTIONS=…`): the bench runs the subgraph with the
 * runtime flags it ships with (the heap cap in particular), so its RSS and CPU are the deployed ones.
 */
export function imageNodeOptions(dockerfile = 'Dockerfile'): string {
  const match = /^\s*(?:ENV\s+)?NODE_OPTIONS="([^"]*)"/m.exec(readFileSync(dockerfile, 'utf8'));
  return match?.[1] ?? '';
}
