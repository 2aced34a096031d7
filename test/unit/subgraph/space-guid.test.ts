import type { ExecutionRequest } from '@graphql-tools/utils';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { extractSpaceGuid } from '../../../src/subgraph/space-guid.ts';
import { spaceGuidOf } from '../../../src/upstream/space-guid.ts';

const request = (query: string, variables?: Record<string, unknown>): ExecutionRequest => ({
  document: parse(query),
  ...(variables ? { variables } : {}),
});

describe('extractSpaceGuid', () => {
  it('moves a literal spaceGuid argument into the request extensions', () => {
    const out = extractSpaceGuid(
      request('{ spaceAccounts(spaceGuid: "g-1", criteria: {operator: CONTAINS, argument: ""}) { id } }'),
    );
    expect(spaceGuidOf(out)).toBe('g-1');
    expect(print(out.document)).not.toContain('spaceGuid');
    expect(print(out.document)).toContain('criteria');
  });

  it('removes the variable that carried the guid, and its definition', () => {
    const out = extractSpaceGuid(
      request(
        'query ($_v0_spaceGuid: ID!, $x: ID!) { integrationPackInstanceProcesses(spaceGuid: $_v0_spaceGuid, integrationPackInstanceId: $x) { id } }',
        {
          _v0_spaceGuid: 'g-2',
          x: 'i-1',
        },
      ),
    );
    expect(spaceGuidOf(out)).toBe('g-2');
    expect(out.variables).toEqual({ x: 'i-1' });
    expect(print(out.document)).not.toContain('_v0_spaceGuid');
  });

  it('leaves requests for fields that are not space-scoped alone', () => {
    const original = request('{ spaces { id } }');
    expect(extractSpaceGuid(original)).toBe(original);
  });

  it('refuses one request with two different guids', () => {
    expect(() =>
      extractSpaceGuid(
        request('{ a: environments(spaceGuid: "g-1") { id } b: environments(spaceGuid: "g-2") { id } }'),
      ),
    ).toThrow('One upstream request cannot carry two SPACE_GUID values (2 given)');
  });
});
