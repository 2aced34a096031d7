import { Counter, type Registry } from 'prom-client';

/**
 * `boomi_upstream_dedup_shared_total`: callers that joined an identical upstream query already in
 * flight instead of sending their own (each one is an upstream request saved).
 */
export function dedupSharedCounter(registry: Registry): (operation: string) => void {
  const shared = new Counter({
    name: 'boomi_upstream_dedup_shared_total',
    help: 'Upstream queries not sent because an identical one was in flight (callers that shared its answer), by upstream root field.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  return (operation) => shared.inc({ operation });
}

/**
 * `subgraph_operations_shared_total`: client queries that joined an identical one in flight (same caller
 * scope) and got a copy of its result without executing (src/plugins/use-operation-sharing.ts).
 */
export function operationSharedCounter(registry: Registry): () => void {
  const shared = new Counter({
    name: 'subgraph_operations_shared_total',
    help: 'Client queries answered from an identical query in flight for the same caller (not executed).',
    registers: [registry],
  });
  return () => shared.inc();
}

/**
 * `boomi_upstream_coalesced_queries_total`: queries that went upstream merged with others into one request
 * while every slot was busy (src/upstream/coalesce-layer.ts); each merged request of n queries adds n.
 */
export function coalescedCounter(registry: Registry): (queries: number) => void {
  const coalesced = new Counter({
    name: 'boomi_upstream_coalesced_queries_total',
    help: 'Upstream queries sent merged with others into one request because every upstream slot was busy.',
    registers: [registry],
  });
  return (queries) => coalesced.inc(queries);
}
