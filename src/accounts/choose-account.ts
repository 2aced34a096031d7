import type { InboundIdentity } from '../http/inbound-identity.ts';
import { callerAllowed } from './account-allow.ts';
import type { BoomiAccount, BoomiAccounts } from './boomi-account.ts';

/** Where a request names its account (`ACCOUNT_CLAIM`, `ACCOUNT_HEADER`). */
export interface AccountSelectors {
  /** A verified JWT claim holding the account name. */
  claim?: string | undefined;
  /** A request header holding the account name, trusted only on an authenticated request. */
  header?: string | undefined;
}

/** The request facts the choice depends on. */
export interface AccountRequest {
  /** Verified by inbound authentication; undefined with `INBOUND_AUTH=none`. */
  identity: InboundIdentity | undefined;
  /** Reads a request header (case-insensitive). */
  header(name: string): string | null;
}

export type AccountChoice = { account: BoomiAccount } | { refused: string };

/**
 * The account of a request: the claim's, else the header's (only when the identity was verified), else
 * the accounts' default. An account that does not exist, a claim that is no string, a header without a
 * verified identity, no account at all, or a caller the account's `allow` does not match: refused (the
 * reason is for the debug log, never for the client).
 */
export function chooseAccount(
  accounts: BoomiAccounts,
  selectors: AccountSelectors,
  request: AccountRequest,
): AccountChoice {
  const named = requestedName(selectors, request);
  if ('refused' in named) return named;
  const name = named.name ?? accounts.defaultName;
  if (name === undefined) return { refused: 'the request names no account and there is no default' };
  const account = accounts.list.find((a) => a.name === name);
  if (!account) return { refused: 'the request names an unknown account' };
  if (!callerAllowed(account.allow, request.identity))
    return { refused: `caller not allowed to use ${name}` };
  return { account };
}

function requestedName(
  selectors: AccountSelectors,
  request: AccountRequest,
): { name: string | undefined } | { refused: string } {
  const { identity } = request;
  if (
    selectors.claim !== undefined &&
    identity !== undefined &&
    Object.hasOwn(identity.claims, selectors.claim)
  ) {
    const value = identity.claims[selectors.claim];
    return typeof value === 'string' ? { name: value } : { refused: 'the account claim is not a string' };
  }
  if (selectors.header === undefined) return { name: undefined };
  const value = request.header(selectors.header);
  if (value === null) return { name: undefined };
  // Configuration refuses ACCOUNT_HEADER without inbound authentication; this is the second line.
  if (identity === undefined) return { refused: 'account header on an unauthenticated request' };
  return { name: value.trim() };
}
