/**
 * Writes schema/subgraph.graphql: the SDL the subgraph publishes through `_service { sdl }`, for
 * the default configuration (no TYPE_PREFIX, READ_ONLY off) over the upstream snapshot.
 *   npm run schema:print            writes the file
 *   npm run schema:print -- --check exits 1 when the file differs from what the server publishes
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSubgraph } from '../src/subgraph/build-subgraph.ts';
import { loadUpstreamSchema } from '../src/subgraph/load-upstream-schema.ts';

/** Where the published SDL lives. */
export const SUBGRAPH_SDL_PATH = fileURLToPath(new URL('../schema/subgraph.graphql', import.meta.url));
const SNAPSHOT_PATH = fileURLToPath(new URL('../schema/boomi-spaces.graphql', import.meta.url));

/** The published SDL for the given options; building it sends nothing upstream. */
export async function renderSubgraphSdl(options: { typePrefix?: string; readOnly?: boolean } = {}) {
  const upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT_PATH });
  return buildSubgraph({
    upstreamSchema,
    executor: () => {
      throw new Error('printing the schema never executes anything');
    },
    ...options,
  }).sdl;
}

async function main(args: string[]): Promise<number> {
  const rendered = await renderSubgraphSdl();
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SUBGRAPH_SDL_PATH, 'utf8');
    } catch {}
    if (current !== rendered) {
      process.stderr.write('schema/subgraph.graphql is out of date: run `npm run schema:print`\n');
      return 1;
    }
    process.stdout.write('schema/subgraph.graphql is up to date\n');
    return 0;
  }
  writeFileSync(SUBGRAPH_SDL_PATH, rendered);
  process.stdout.write(`wrote ${SUBGRAPH_SDL_PATH}\n`);
  return 0;
}

// Run only as a script, so tests can import renderSubgraphSdl without writing files.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
