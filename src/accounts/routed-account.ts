import { createHash } from 'node:crypto';
import type { BoomiAccount } from './boomi-account.ts';

/** The Boomi account a request acts with, as the routing plugin records it. */
export interface RoutedAccount {
  /** The configured name (`default` in single-account mode): the stack to use, the metric label. */
  readonly name: string;
  /**
   * Whose data the answers are, whatever the name: a digest of the account id and the user (what Boomi
   * scopes data by; the endpoint is left out so replicas reaching one account by different hosts share
   * entries). Cache entries and shared operations are scoped by it, so two accounts, or two deployments
   * whose accounts share a name, never share answers through one Redis.
   */
  readonly key: string;
}

/** Where the routing plugin puts the account of a request (use-account-routing.ts). */
export interface RoutedAccountContext {
  boomiAccount?: RoutedAccount;
}

/** The account as the context records it. */
export function routedAccount(account: BoomiAccount): RoutedAccount {
  const key = createHash('sha256').update(`${account.accountId}\n${account.username}`).digest('hex');
  return Object.freeze({ name: account.name, key: key.slice(0, 24) });
}

/** The account the request was routed to, or undefined before routing (or outside a request). */
export function routedAccountOf(context: unknown): RoutedAccount | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const routed = (context as RoutedAccountContext).boomiAccount;
  return typeof routed?.name === 'string' && typeof routed.key === 'string' ? routed : undefined;
}
