import { parse } from 'graphql';
import type { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { boundedParserCache } from '../../../src/plugins/parser-cache.ts';

describe('boundedParserCache', () => {
  it('holds at most maxBytes (estimated) and never an entry larger than that', () => {
    const { documentCache } = boundedParserCache({ maxBytes: 20_000 });
    const cache = documentCache as unknown as LRUCache<string, object>;
    const document = parse('{ __typename }');
    for (let i = 0; i < 50; i++) cache.set(`${'#'.repeat(100)}${i}\n{ __typename }`, document);
    expect(cache.calculatedSize).toBeLessThanOrEqual(20_000);
    expect(cache.size).toBeGreaterThan(0);
    cache.set(`#${'x'.repeat(20_000)}`, document);
    expect(cache.get(`#${'x'.repeat(20_000)}`)).toBeUndefined();
  });

  it('keeps Yoga’s count and lifetime defaults', () => {
    const cache = boundedParserCache().documentCache as unknown as LRUCache<string, object>;
    expect([cache.max, cache.ttl, cache.maxSize]).toEqual([1024, 3_600_000, 8_388_608]);
  });
});
