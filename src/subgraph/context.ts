import type { YogaInitialContext } from 'graphql-yoga';
import type { RoutedAccountContext } from '../accounts/routed-account.ts';
import type { InboundIdentityContext } from '../http/inbound-identity.ts';
import type { MinimalLogger } from '../upstream/logger-types.ts';

/** What every resolver of the subgraph finds in its context. */
export interface SubgraphContext
  extends Partial<YogaInitialContext>,
    InboundIdentityContext,
    RoutedAccountContext {
  /** Logger bound to the current request (has the request id). */
  logger?: MinimalLogger;
}
