import { describe, expect, it } from 'vitest';
import { createEntityPrefetch } from '../../../src/subgraph/prefetched-entities.ts';

describe('createEntityPrefetch', () => {
  it('hands a batch once, to the same request and the same ids only', () => {
    const prefetch = createEntityPrefetch();
    const context = {};
    const batch = { result: { data: { _spacesByIds: [] } } };
    prefetch.put(context, ['a', 'b'], batch);
    expect(prefetch.take({}, ['a', 'b'])).toBeUndefined();
    expect(prefetch.take(context, ['b', 'a'])).toBeUndefined();
    expect(prefetch.take(context, ['a'])).toBeUndefined();
    expect(prefetch.take(context, ['a', 'b'])).toBe(batch);
    expect(prefetch.take(context, ['a', 'b'])).toBeUndefined();
    expect(prefetch.take(undefined, ['a', 'b'])).toBeUndefined();
  });
});
