import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaseStore } from '../../../src/shared-state/lease-store.ts';
import { createSharedState, type SharedState } from '../../../src/shared-state/shared-state.ts';
import { type RedisServer, redisSuiteMode, startRedisServer } from '../../helpers/redis-server.ts';

const mode = redisSuiteMode();

describe.skipIf(mode.skip)('lease store (real redis-server)', () => {
  let redis: RedisServer;
  let state: SharedState;
  beforeAll(async () => {
    redis = await startRedisServer();
    state = createSharedState({ url: redis.url });
    if (state.redis.status !== 'ready') await once(state.redis, 'ready');
  });
  afterAll(async () => {
    await state?.close();
    await redis?.stop();
  });

  it('grants at most `limit` leases; a release frees one', async () => {
    const store = createLeaseStore(state, 'acct-limit');
    const a = await store.acquire(2);
    const b = await store.acquire(2);
    expect(a.id && b.id).toBeTruthy();
    expect(await store.acquire(2)).toEqual({ pausedMs: 0 });
    await store.release(a.id!);
    expect((await store.acquire(2)).id).toBeTruthy();
  });

  it('leases expire unless renewed; renewing never revives an expired lease', async () => {
    const store = createLeaseStore(state, 'acct-expiry', 60);
    const kept = await store.acquire(1);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.renew([kept.id!]);
    }
    // Renewed in time: still held.
    expect(await store.acquire(1)).toEqual({ pausedMs: 0 });
    // Not renewed within its lease: expired; a late renewal does not bring it back.
    await new Promise((resolve) => setTimeout(resolve, 80));
    await store.renew([kept.id!]);
    expect((await store.acquire(1)).id).toBeTruthy();
  });

  it('a shared pause holds every acquirer and only ever moves later', async () => {
    const store = createLeaseStore(state, 'acct-pause');
    await store.pause(800);
    await store.pause(100);
    const answer = await store.acquire(5);
    expect(answer.id).toBeUndefined();
    expect(answer).toMatchObject({ pausedMs: expect.any(Number) });
    expect((answer as { pausedMs: number }).pausedMs).toBeGreaterThan(100);
  });
});
