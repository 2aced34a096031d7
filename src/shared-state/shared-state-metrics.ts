import { Gauge, type Registry } from 'prom-client';
import type { SharedState } from './shared-state.ts';

/** `subgraph_shared_state_up`: 1 while Redis answers, 0 while replicas fall back to local state. */
export function registerSharedStateMetrics(registry: Registry, state: SharedState): void {
  new Gauge({
    name: 'subgraph_shared_state_up',
    help: '1 while the shared state (REDIS_URL) answers; 0 while this replica uses local JWTs and local limits.',
    registers: [registry],
    collect() {
      this.set(state.up() ? 1 : 0);
    },
  });
}
