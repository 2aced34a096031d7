import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerGovernorMetrics } from '../../../src/upstream/governor-metrics.ts';
import { createRateGovernor } from '../../../src/upstream/rate-governor.ts';

describe('registerGovernorMetrics', () => {
  it('reads slots in use, queue, effective concurrency and the stall flag at scrape time', async () => {
    const registry = new Registry();
    const governor = createRateGovernor({ maxConcurrent: 2 });
    registerGovernorMetrics(registry, governor);
    const held = await governor.acquireSlot();
    const text = await registry.metrics();
    expect(text).toContain('boomi_upstream_slots_in_use 1');
    expect(text).toContain('boomi_upstream_queue_length 0');
    expect(text).toContain('boomi_upstream_effective_concurrency 2');
    expect(text).toContain('boomi_upstream_governor_stalled 0');
    held.release();
    expect(await registry.metrics()).toContain('boomi_upstream_slots_in_use 0');
  });
});
