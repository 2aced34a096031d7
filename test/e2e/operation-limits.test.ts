/**
 * Operation limits (#9 item 4): depth, aliases, tokens, directives and cost, each refused before
 * execution (no upstream request) with its own code; defaults from graphql-armor, each configurable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

const nestedFragments = (n: number) => {
  let inner = '__typename';
  for (let i = 0; i < n; i++) inner = `... on Query { ${inner} }`;
  return `{ ${inner} }`;
};
const aliases = (n: number, field = 'spaces { id }') =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

function refusal(code: string, message: string) {
  return [{ message, extensions: { code, category: 'BAD_USER_INPUT', retryable: false } }];
}

describe('operation limits with the defaults', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn', INTROSPECTION: 'true' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Sends the document and checks it never reached Boomi. */
  async function refused(query: string) {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(query, undefined, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    return res.body.errors;
  }

  it('refuses 10,000 aliases (the token limit stops the parser first)', async () => {
    expect(await refused(aliases(10_000))).toEqual(
      refusal('TOO_MANY_TOKENS', 'Token limit of 1000 exceeded.'),
    );
  });

  it('refuses 100,000 tokens', async () => {
    expect(await refused(`{ ${'a '.repeat(100_000)}}`)).toEqual(
      refusal('TOO_MANY_TOKENS', 'Token limit of 1000 exceeded.'),
    );
  });

  it('refuses 5,000 nested inline fragments without overflowing the parser', async () => {
    expect(await refused(nestedFragments(5000))).toEqual(
      refusal('TOO_MANY_TOKENS', 'Token limit of 1000 exceeded.'),
    );
  });

  it('refuses 16 aliases', async () => {
    expect(await refused(aliases(16))).toEqual(
      refusal('TOO_MANY_ALIASES', 'Aliases limit of 15 exceeded, found 16.'),
    );
  });

  it('refuses depth 7', async () => {
    expect(await refused(nestedFragments(6))).toEqual(
      refusal('OPERATION_TOO_DEEP', 'Query depth limit of 6 exceeded, found 7.'),
    );
  });

  it('refuses 51 directives', async () => {
    const query = `{ ${Array.from({ length: 51 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    expect(await refused(query)).toEqual(
      refusal('TOO_MANY_DIRECTIVES', 'Directives limit of 50 exceeded, found 51.'),
    );
  });

  it('accepts 15 aliases and depth 6', async () => {
    expect((await stack.query(aliases(15, '__typename'))).body.errors).toBeUndefined();
    expect((await stack.query(nestedFragments(5))).body.errors).toBeUndefined();
  });

  it('does not count introspection against depth or cost', async () => {
    const res = await stack.query(
      '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
  });
});

describe('operation limits from the environment', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        LOG_LEVEL: 'warn',
        MAX_OPERATION_DEPTH: '2',
        MAX_OPERATION_ALIASES: '1',
        MAX_OPERATION_TOKENS: '40',
        MAX_OPERATION_DIRECTIVES: '1',
        MAX_OPERATION_COST: '10',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['{ spaces { accountGroup { id } } }', 'OPERATION_TOO_DEEP', 'Query depth limit of 2 exceeded, found 3.'],
    ['{ a: spaces { id } b: spaces { id } }', 'TOO_MANY_ALIASES', 'Aliases limit of 1 exceeded, found 2.'],
    [`{ ${'__typename '.repeat(50)}}`, 'TOO_MANY_TOKENS', 'Token limit of 40 exceeded.'],
    [
      '{ spaces @include(if: true) { id @include(if: true) } }',
      'TOO_MANY_DIRECTIVES',
      'Directives limit of 1 exceeded, found 2.',
    ],
    [
      '{ spaces { id name description url guid hasLogo isModified } }',
      'OPERATION_TOO_COMPLEX',
      'Query Cost limit of 10 exceeded, found 12.5.',
    ],
  ])('%s → %s', async (query, code, message) => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(query);
    expect(res.body.errors).toEqual(refusal(code, message));
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
  });
});
