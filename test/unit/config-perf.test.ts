import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

// perf (#11): the settings of de-duplication and the response cache.
describe('loadConfig: de-duplication and response cache', () => {
  it('has de-duplication and queue coalescing on and the cache off by default', () => {
    const config = loadConfig({});
    expect(config.perf).toEqual({
      dedup: true,
      operationSharing: true,
      coalesce: true,
      passThrough: true,
      responseCache: { enabled: false, ttlMs: 10_000, ttls: {}, maxEntries: 1000 },
    });
  });

  it('reads the cache settings', () => {
    const config = loadConfig({
      UPSTREAM_DEDUP: 'false',
      RESPONSE_CACHE: 'true',
      RESPONSE_CACHE_TTL_MS: '0',
      RESPONSE_CACHE_TTLS: 'Space=5000,Query.spaces=0',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
    });
    expect(config.perf.dedup).toBe(false);
    expect(config.perf.responseCache).toMatchObject({
      enabled: true,
      ttlMs: 0,
      ttls: { Space: 5000, 'Query.spaces': 0 },
    });
    // One Redis for everything replicas share (the cache store here).
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379/2');
  });

  it('names a bad TTL list, and never shows a Redis URL (it may hold a password)', () => {
    expect(() => loadConfig({ RESPONSE_CACHE_TTLS: 'Space=soon' })).toThrow(
      'RESPONSE_CACHE_TTLS: expected Type=ms or Type.field=ms, got "Space=soon" (received "Space=soon")',
    );
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'http://user:hunter2@example' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('REDIS_URL: expected a redis:// or rediss:// URL (received (value hidden))');
    expect(message).not.toContain('hunter2');
  });
});
