/** The `errorPaths` option (SIM_ERROR_PATHS): error paths name the field instead of the client's alias. */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { simulatorOptionsFromEnv } from '../../src/simulator/env-config.ts';
import { fieldNamePath } from '../../src/simulator/error-paths.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { gql, mint, start } from './sim-client.ts';

const QUERY = `{ found: space(id: "${SEED.demoLiveSpaceIds[0]}") { id } missing: space(id: "nope") { id } }`;

describe('errorPaths', () => {
  it.each([
    ['alias', ['missing']],
    ['field-name', ['space']],
  ] as const)('%s → the error path is %j; data keys stay aliased', async (errorPaths, path) => {
    const sim = await start({ errorPaths });
    try {
      const answer = await gql(sim, await mint(sim), QUERY);
      expect((answer.body.errors as Array<{ path: unknown }>).map((e) => e.path)).toEqual([path]);
      expect(Object.keys(answer.body.data ?? {})).toEqual(['found', 'missing']);
    } finally {
      await sim.close();
    }
  });

  it('SIM_ERROR_PATHS sets it; an invalid value is refused with the name of the variable or option', async () => {
    expect(simulatorOptionsFromEnv({ SIM_ERROR_PATHS: 'field-name' })).toEqual({ errorPaths: 'field-name' });
    expect(() => simulatorOptionsFromEnv({ SIM_ERROR_PATHS: 'names' })).toThrow(
      'SIM_ERROR_PATHS must be one of alias, field-name (received "names")',
    );
    await expect(start({ errorPaths: 'x' as never })).rejects.toThrow(
      `startSimulator: option errorPaths must be 'alias' or 'field-name' (received "x")`,
    );
  });
});

describe('fieldNamePath', () => {
  it('replaces each response key by its field name, through fragments and list indexes', () => {
    const document = parse(`
      query Q { s: spaces { ...F } }
      fragment F on Space { ... on Space { label: name } t: theme { u: logoUrl } }
    `);
    expect(fieldNamePath(['s', 3, 'label'], document, 'Q')).toEqual(['spaces', 3, 'name']);
    expect(fieldNamePath(['s', 0, 't', 'u'], document)).toEqual(['spaces', 0, 'theme', 'logoUrl']);
    expect(fieldNamePath(['unknown', 'x'], document)).toEqual(['unknown', 'x']);
  });
});
