/**
 * Writes the SDLs the subgraph publishes, for the default configuration (no TYPE_PREFIX,
 * READ_ONLY off, no contract tags) over the upstream snapshot:
 *   schema/subgraph.graphql   federation SDL, `_service { sdl }`
 *   schema/stitching.graphql  schema-stitching SDL, `_sdl`
 *   npm run schema:print            writes the files
 *   npm run schema:print -- --check exits 1 when a file differs from what the server publishes
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildSpacesSchemaOptions, buildSpacesSubgraph } from '../src/subgraph/build-spaces-schema.ts';
import { loadUpstreamSchema } from '../src/subgraph/load-upstream-schema.ts';

/** Where the published federation SDL lives. */
export const SUBGRAPH_SDL_PATH = fileURLToPath(new URL('../schema/subgraph.graphql', import.meta.url));
/** Where the published stitching SDL lives. */
export const STITCHING_SDL_PATH = fileURLToPath(new URL('../schema/stitching.graphql', import.meta.url));
const SNAPSHOT_PATH = fileURLToPath(new URL('../schema/boomi-spaces.graphql', import.meta.url));

type RenderOptions = Pick<
  BuildSpacesSchemaOptions,
  'typePrefix' | 'readOnly' | 'contract' | 'authorizationDirectives'
>;

async function build(options: RenderOptions) {
  const upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT_PATH });
  return buildSpacesSubgraph({
    upstreamSchema,
    executor: () => {
      throw new Error('printing the schema never executes anything');
    },
    ...options,
  });
}

/** The published federation SDL for the given options; building it sends nothing upstream. */
export async function renderSubgraphSdl(options: RenderOptions = {}): Promise<string> {
  return (await build(options)).sdl;
}

/** The published stitching SDL for the given options. */
export async function renderStitchingSdl(options: RenderOptions = {}): Promise<string> {
  return (await build(options)).stitchingSdl;
}

async function main(args: string[]): Promise<number> {
  const built = await build({});
  const files = [
    { path: SUBGRAPH_SDL_PATH, name: 'schema/subgraph.graphql', text: built.sdl },
    { path: STITCHING_SDL_PATH, name: 'schema/stitching.graphql', text: built.stitchingSdl },
  ];
  if (args.includes('--check')) {
    let stale = 0;
    for (const file of files) {
      let current = '';
      try {
        current = readFileSync(file.path, 'utf8');
      } catch {}
      if (current !== file.text) {
        process.stderr.write(`${file.name} is out of date: run \`npm run schema:print\`\n`);
        stale++;
      } else {
        process.stdout.write(`${file.name} is up to date\n`);
      }
    }
    return stale === 0 ? 0 : 1;
  }
  for (const file of files) {
    writeFileSync(file.path, file.text);
    process.stdout.write(`wrote ${file.path}\n`);
  }
  return 0;
}

// Run only as a script, so tests can import the renderers without writing files.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
