import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { metricSum } from './helpers.ts';

/** #8, failure mode 9: a slot that stays held with no upstream activity must not go unnoticed. */
describe('a governor slot held with no upstream activity', () => {
  it('fails /ready and sets boomi_governor_stalled; both recover when the slot is released', async () => {
    // Deadline 100 ms: a slot held 200 ms with nothing else happening is a leak.
    const stack = await startStack({
      env: { UPSTREAM_DEADLINE_MS: '100', UPSTREAM_ATTEMPT_TIMEOUT_MS: '100' },
    });
    try {
      expect((await fetch(`${stack.base}/ready`)).status).toBe(200);
      const leaked = await stack.server.governor.acquire();
      expect(await metricSum(stack, 'boomi_governor_slots_in_use')).toBe(1);
      let ready = await fetch(`${stack.base}/ready`);
      for (let i = 0; i < 100 && ready.status === 200; i++) {
        await sleep(20);
        ready = await fetch(`${stack.base}/ready`);
      }
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        ready: false,
        checks: { upstreamSlots: { ok: false, detail: '1 upstream slot(s) held with no upstream activity' } },
      });
      expect(await metricSum(stack, 'boomi_governor_stalled')).toBe(1);
      leaked.release();
      expect((await fetch(`${stack.base}/ready`)).status).toBe(200);
      expect(await metricSum(stack, 'boomi_governor_slots_in_use')).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
