import { Gauge, type Registry } from 'prom-client';
import type { RateGovernor } from './rate-governor.ts';

/**
 * Registers the governor's gauges, read at scrape time: slots in use, callers queued, effective
 * concurrency, and whether the governor is stalled (slots held with no upstream activity; /ready fails).
 */
export function registerGovernorMetrics(registry: Registry, governor: RateGovernor): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge(
    'boomi_upstream_slots_in_use',
    'Governor slots held by upstream calls in flight.',
    () => governor.stats().inFlight,
  );
  gauge('boomi_upstream_queue_length', 'Calls waiting for a governor slot.', () => governor.stats().queued);
  gauge(
    'boomi_upstream_effective_concurrency',
    'Slots the governor currently allows (lowered after 429/503 back-pressure, then recovered).',
    () => governor.stats().effectiveConcurrency,
  );
  gauge(
    'boomi_upstream_governor_stalled',
    '1 when slots have stayed held with no upstream activity for twice the request deadline (a leak; /ready fails).',
    () => (governor.stalled() ? 1 : 0),
  );
}
