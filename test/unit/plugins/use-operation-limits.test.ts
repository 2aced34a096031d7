import { describe, expect, it } from 'vitest';
import { OPERATION_LIMIT_DEFAULTS, useOperationLimits } from '../../../src/plugins/use-operation-limits.ts';
import { yogaWith } from './plugin-harness.ts';

describe('useOperationLimits', () => {
  it('starts from graphql-armor’s defaults', () => {
    expect(OPERATION_LIMIT_DEFAULTS).toEqual({
      maxDepth: 6,
      maxAliases: 15,
      maxTokens: 1000,
      maxDirectives: 50,
      maxCost: 5000,
    });
  });

  it.each([
    [
      { maxDepth: 1 },
      '{ deep { hello } }',
      'OPERATION_TOO_DEEP',
      'Query depth limit of 1 exceeded, found 2.',
    ],
    [{ maxAliases: 0 }, '{ a: hello }', 'TOO_MANY_ALIASES', 'Aliases limit of 0 exceeded, found 1.'],
    [{ maxTokens: 3 }, '{ hello hello }', 'TOO_MANY_TOKENS', 'Token limit of 3 exceeded.'],
    [
      { maxDirectives: 0 },
      '{ hello @include(if: true) }',
      'TOO_MANY_DIRECTIVES',
      'Directives limit of 0 exceeded, found 1.',
    ],
    [
      { maxCost: 1 },
      '{ hello deep { hello } }',
      'OPERATION_TOO_COMPLEX',
      'Query Cost limit of 1 exceeded, found 4.5.',
    ],
  ])('%j refuses %s with %s (HTTP 400, no data)', async (limits, query, code, message) => {
    const { status, body } = await yogaWith([useOperationLimits(limits)]).post(query);
    expect(status).toBe(400);
    expect(body).toEqual({
      errors: [{ message, extensions: { code, category: 'BAD_USER_INPUT', retryable: false } }],
    });
  });

  it('leaves field suggestions alone (schema exposure is decided elsewhere)', async () => {
    const { body } = await yogaWith([useOperationLimits()]).post('{ helo }');
    expect(body.errors?.[0]?.message).toBe(
      'Cannot query field "helo" on type "Query". Did you mean "hello"?',
    );
  });
});
