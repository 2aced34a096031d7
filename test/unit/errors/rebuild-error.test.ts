import { GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rebuildError } from '../../../src/errors/rebuild-error.ts';

describe('rebuildError', () => {
  const document = parse('{ spaces { id } }');
  const field = document.definitions[0];

  it('keeps message, location, path and extensions when nothing is overridden', () => {
    const original = new Error('boom');
    const error = new GraphQLError('failed', {
      nodes: field ? [field] : [],
      path: ['spaces', 0],
      extensions: { code: 'SPACE_NOT_FOUND' },
      originalError: original,
    });
    const rebuilt = rebuildError(error);
    expect(rebuilt).not.toBe(error);
    expect(rebuilt.toJSON()).toEqual(error.toJSON());
    expect(rebuilt.locations).toEqual([{ line: 1, column: 1 }]);
    // A rebuilt client-facing error does not carry what it wrapped unless told to.
    expect(rebuilt.originalError).toBeUndefined();
  });

  it('applies the overrides', () => {
    const error = new GraphQLError('failed', {
      path: ['space'],
      extensions: { code: 'SPACE_NOT_FOUND', x: 1 },
    });
    const cause = new Error('cause');
    const rebuilt = rebuildError(error, {
      message: 'other',
      path: ['spaces', 1, 'space'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
      originalError: cause,
    });
    expect(rebuilt.message).toBe('other');
    expect(rebuilt.path).toEqual(['spaces', 1, 'space']);
    expect(rebuilt.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(rebuilt.originalError).toBe(cause);
  });

  it('turns a plain Error into a GraphQLError without extensions', () => {
    const rebuilt = rebuildError(new TypeError('bad'), { path: ['a'] });
    expect(rebuilt).toBeInstanceOf(GraphQLError);
    expect(rebuilt.toJSON()).toEqual({ message: 'bad', path: ['a'] });
  });

  it('copies the path rather than sharing the caller array', () => {
    const path = ['a', 1];
    const rebuilt = rebuildError(new Error('x'), { path });
    path.push('b');
    expect(rebuilt.path).toEqual(['a', 1]);
  });
});
