import { describe, expect, it } from 'vitest';
import { createUpstreamCallCount } from '../../../src/observability/upstream-call-count.ts';

describe('createUpstreamCallCount', () => {
  it('counts upstream requests per context, 0 for a context never seen', () => {
    const count = createUpstreamCallCount();
    const first = {};
    const second = {};
    count.record(first);
    count.record(first);
    count.record(second);
    expect(count.of(first)).toBe(2);
    expect(count.of(second)).toBe(1);
    expect(count.of({})).toBe(0);
  });

  it('ignores a request made outside a client operation (no context object)', () => {
    const count = createUpstreamCallCount();
    expect(() => {
      count.record(undefined);
      count.record(null);
      count.record('context');
    }).not.toThrow();
  });
});
