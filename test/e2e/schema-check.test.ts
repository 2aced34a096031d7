/**
 * `npm run schema:check` as a process: no drift between the committed snapshot and the simulator
 * (which serves both `space` and `Space`, like the snapshot); a modified snapshot is reported
 * item by item with exit code 1.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';

async function runCheck(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('BOOMI_')) env[key] = value;
  delete env.UPSTREAM_SCHEMA_PATH;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/check-upstream-schema.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('npm run schema:check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schema-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.concurrent('reports no drift against the simulator', async ({ expect }) => {
    const result = await runCheck([]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^Comparing schema\/boomi-spaces\.graphql with the embedded simulator \(http:\/\/127\.0\.0\.1:\d+\)\n/,
    );
    expect(result.stdout).toContain('No drift: the live upstream schema matches the snapshot.');
    expect(result.code).toBe(0);
  }, 30_000);

  it.concurrent('lists every difference of a modified snapshot and exits 1', async ({ expect }) => {
    const original = await readFile('schema/boomi-spaces.graphql', 'utf8');
    const modified = `${original
      // a field the live schema has and the snapshot lacks (→ added), an argument type changed,
      .replace('  sharedIpacks: [IntegrationPack]\n', '')
      .replace('spaceDelete(id: ID!): Boolean', 'spaceDelete(id: String!): Boolean')
      // an enum value the live schema lacks (→ removed)
      .replace('enum Classification {\n  PROD\n  TEST\n', 'enum Classification {\n  PROD\n  TEST\n  DEV\n')}
type OnlyInSnapshot {
  id: ID
}
`;
    const path = join(dir, 'modified.graphql');
    await writeFile(path, modified);
    const result = await runCheck(['--snapshot', path]);
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).toContain('Schema drift: 4 difference(s) between the snapshot and the live upstream.');
    expect(out).toContain('Added (1):\n  + Space.sharedIpacks  ([IntegrationPack])');
    expect(out).toContain('  - Classification.DEV  (value)');
    expect(out).toContain('  - OnlyInSnapshot  (object)');
    expect(out).toContain('Changed (1):\n  ~ Mutation.spaceDelete(id:)  (String! → ID!)');
    expect(out).toContain('Breaking for clients of the snapshot');
    expect(out).toContain('! TYPE_REMOVED: OnlyInSnapshot was removed.');
    expect(out).toContain('! VALUE_REMOVED_FROM_ENUM: DEV was removed from enum type Classification.');
  }, 30_000);
});
