/**
 * Yoga caches parsed documents by their full source text (1,024 entries for an hour). A document
 * of 3 tokens can carry a 500 KB comment, so without a byte bound 1,024 such requests pin half a
 * gigabyte. The cache is bounded by PARSER_CACHE_MAX_BYTES of source text (#9 item 6).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('parsed-document cache', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn', PARSER_CACHE_MAX_BYTES: '4194304' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('does not retain 150 distinct 500 KB documents', async () => {
    const padding = '#'.padEnd(500_000, 'x');
    const send = (i: number) =>
      stack.server.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `${padding}${i}\n{ __typename }` }),
      });
    await (await send(-1)).text();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 150; i++) {
      const res = await send(i);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    }
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    // 150 × 500 KB = 75 MB were sent; at most the 4 MiB bound (plus noise) may stay.
    expect(retained).toBeLessThan(30 * 1024 * 1024);
  });
});
