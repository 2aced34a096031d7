/**
 * Upstream HTTP requests made per client operation, keyed by the operation's GraphQL context (the
 * subgraph_upstream_requests_per_operation metric). A WeakMap, so a finished operation's count goes with it.
 */
export interface UpstreamCallCount {
  /** One more upstream request for the operation whose context this is (anything else is ignored). */
  record(context: unknown): void;
  /** Upstream requests recorded for the operation; 0 when none was. */
  of(context: object): number;
}

export function createUpstreamCallCount(): UpstreamCallCount {
  const calls = new WeakMap<object, number>();
  return {
    record(context) {
      if (typeof context === 'object' && context !== null) calls.set(context, (calls.get(context) ?? 0) + 1);
    },
    of: (context) => calls.get(context) ?? 0,
  };
}
