/** Everything one simulator instance owns; handed to the HTTP handlers. */
import type { GraphQLSchema } from 'graphql';
import type { FaultEngine } from './fault-engine.ts';
import type { SimState } from './model.ts';
import type { ResolvedOptions } from './options.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RootResolver } from './root-types.ts';
import type { StatsCollector } from './stats.ts';

/** Per-instance runtime (no module-level state: several simulators may run in one process). */
export interface SimRuntime {
  options: ResolvedOptions;
  /** Replaced on reset. */
  state: SimState;
  schema: GraphQLSchema;
  rootValue: Record<string, RootResolver>;
  /** Root field names of the schema plus the introspection fields (what stats may count). */
  rootFieldNames: ReadonlySet<string>;
  faults: FaultEngine;
  stats: StatsCollector;
  limiter: RateLimiter;
  /** `http://host:port`, known once listening. */
  baseUrl: string;
}
