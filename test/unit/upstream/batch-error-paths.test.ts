import { GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { repairBatchErrorPaths } from '../../../src/upstream/batch-error-paths.ts';

const merged = {
  document: parse(
    '{ _v0_space: space(id: "a") { id name } _v1_space: space(id: "b") { id name } _v2_spaces: spaces { id } }',
  ),
};

describe('repairBatchErrorPaths', () => {
  it('returns the result itself when every path is prefixed, or the request is not a merged batch', () => {
    const result = { data: { _v0_space: null }, errors: [new GraphQLError('x', { path: ['_v0_space'] })] };
    expect(repairBatchErrorPaths(merged, result)).toBe(result);
    const single = { data: { space: null }, errors: [new GraphQLError('x', { path: ['space'] })] };
    expect(repairBatchErrorPaths({ document: parse('{ space(id: "a") { id } }') }, single)).toBe(single);
  });

  it('points a field-name path at the field whose value is missing there, keeping the rest of the path', () => {
    const result = {
      data: { _v0_space: { id: 'a', name: 'x' }, _v1_space: { id: 'b', name: null } },
      errors: [
        new GraphQLError('bad name', { path: ['space', 'name'], extensions: { code: 'SPACE_NOT_FOUND' } }),
      ],
    };
    const out = repairBatchErrorPaths(merged, result);
    expect(out.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [['_v1_space', 'name'], { code: 'SPACE_NOT_FOUND' }],
    ]);
  });

  it('the only field of that name takes the error even when its value is present', () => {
    const result = { data: { _v2_spaces: [] }, errors: [new GraphQLError('partial', { path: ['spaces'] })] };
    expect(repairBatchErrorPaths(merged, result).errors?.map((e) => e.path)).toEqual([['_v2_spaces']]);
  });
});
