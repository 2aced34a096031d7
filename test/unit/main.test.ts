import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticModuleGraph } from '../helpers/static-imports.ts';

const root = resolve(import.meta.dirname, '../..');
const graphOf = (entry: string) => [...staticModuleGraph(resolve(root, entry))].map((f) => relative(root, f));

describe('src/main.ts module graph', () => {
  it('a production start loads no simulator module: main.ts reaches src/simulator/ only by dynamic import', () => {
    const loaded = graphOf('src/main.ts');
    // The walk follows the real graph (the server and its plugins are there)...
    expect(loaded).toContain('src/server.ts');
    expect(loaded).toContain('src/sandbox.ts');
    // ...and nothing under src/simulator/, whose seed data is built when seed.ts is evaluated.
    expect(loaded.filter((file) => file.startsWith('src/simulator/'))).toEqual([]);
  });

  it('the walk does see static imports into the simulator (the check above can fail)', () => {
    expect(graphOf('src/simulator/index.ts')).toContain('src/simulator/seed.ts');
  });
});
