import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packagePath } from '../../src/package-paths.ts';

describe('package paths', () => {
  it('points at the package root, not the working directory', () => {
    expect(isAbsolute(PACKAGE_ROOT)).toBe(true);
    const manifest = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe('spaces-subgraph');
  });

  it('finds the packaged upstream schema snapshot', () => {
    expect(readFileSync(packagePath('schema/boomi-spaces.graphql'), 'utf8')).toContain('type Query');
  });
});
