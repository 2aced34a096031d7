import { once } from 'node:events';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sharedStateCheck } from '../../../src/shared-state/readiness.ts';
import { createSharedState, redisErrorKind } from '../../../src/shared-state/shared-state.ts';
import { registerSharedStateMetrics } from '../../../src/shared-state/shared-state-metrics.ts';
import type { MinimalLogger } from '../../../src/upstream/logger-types.ts';
import { redisSuiteMode, startRedisServer } from '../../helpers/redis-server.ts';

describe('redisErrorKind', () => {
  it('keeps only the kind of an ioredis error (no host, no command arguments)', () => {
    expect(redisErrorKind(new Error('connect ECONNREFUSED 127.0.0.1:6390'))).toBe('connection refused');
    expect(redisErrorKind(new Error('Command timed out'))).toBe('command timeout');
    expect(redisErrorKind(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      'not connected',
    );
    expect(redisErrorKind(new Error('WRONGPASS invalid username-password pair'))).toBe(
      'authentication refused',
    );
    expect(redisErrorKind(new TypeError('SET secret-value'))).toBe('TypeError');
    expect(redisErrorKind('x')).toBe('unknown error');
  });
});

const mode = redisSuiteMode();

describe.skipIf(mode.skip)('shared state connection (real redis-server)', () => {
  it('up/down transitions: one log line each, gauge and /ready detail follow, never the URL', async () => {
    let redis = await startRedisServer();
    const lines: string[] = [];
    const log = (_: object, msg?: string) => lines.push(msg ?? '');
    const logger: MinimalLogger = { debug: log, info: log, warn: log, error: log };
    const url = redis.url.replace('redis://', 'redis://:pa55word-secret@');
    const changes: boolean[] = [];
    const state = createSharedState({ url, logger, onChange: (up) => changes.push(up) });
    const registry = new Registry();
    registerSharedStateMetrics(registry, state);
    try {
      // The server has no password: ioredis warns and connects anyway.
      if (state.redis.status !== 'ready') await once(state.redis, 'ready');
      expect(state.up()).toBe(true);
      expect(await registry.getSingleMetricAsString('subgraph_shared_state_up')).toMatch(/ 1$/);
      expect(sharedStateCheck(state)).toMatchObject({
        ok: true,
        detail: expect.stringMatching(/^redis up since/),
      });

      const port = redis.port;
      await redis.stop();
      for (let i = 0; i < 200 && state.up(); i++) await new Promise((r) => setTimeout(r, 10));
      // Reconnection attempts fail again and again: still one line.
      await new Promise((r) => setTimeout(r, 300));
      expect(state.up()).toBe(false);
      expect(await registry.getSingleMetricAsString('subgraph_shared_state_up')).toMatch(/ 0$/);
      const check = sharedStateCheck(state);
      expect(check.ok).toBe(true);
      expect(check.detail).toMatch(/^redis unavailable since .*: local JWT and local limits$/);
      expect(check.detail).not.toContain(String(port));
      expect(lines.filter((l) => l.includes('Redis unavailable'))).toHaveLength(1);

      redis = await startRedisServer(port);
      for (let i = 0; i < 500 && !state.up(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(state.up()).toBe(true);
      expect(changes).toEqual([true, false, true]);
      expect(lines.join('\n')).not.toContain('pa55word-secret');
    } finally {
      await state.close();
      await redis.stop();
    }
  }, 20_000);
});
