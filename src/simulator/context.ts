/** Per-request context handed to the resolvers. */
import type { FaultEngine } from './fault-engine.ts';
import type { JwtCaller } from './jwt.ts';
import type { SimState } from './model.ts';
import type { ResolvedOptions } from './options.ts';
import type { StatsCollector } from './stats.ts';

/** Everything a resolver may read or change for one /graphql request. */
export interface SimContext {
  state: SimState;
  options: ResolvedOptions;
  caller: JwtCaller;
  /** `basic` = the request used Basic credentials instead of a bearer JWT (→ INVALID_AUTH_METHOD). */
  authMethod: 'bearer' | 'basic';
  /** Value of the SPACE_GUID header, if sent. */
  spaceGuid: string | undefined;
  /** `http://host:port` of this simulator (for logo URLs). */
  baseUrl: string;
  faults: FaultEngine;
  stats: StatsCollector;
}
