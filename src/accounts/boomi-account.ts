/** Who may use an account (`allow` in the accounts file); every rule given must hold. */
export interface AccountAllow {
  /** The verified `sub` is one of these. */
  readonly subjects?: readonly string[] | undefined;
  /** The caller holds every one of these scopes. */
  readonly scopes?: readonly string[] | undefined;
  /** Each verified claim equals the value, or one of the values of a list. */
  readonly claims?: Readonly<Record<string, string | readonly string[]>> | undefined;
}

/** One Boomi account the subgraph acts with, resolved at start-up (secrets read, endpoints chosen). */
export interface BoomiAccount {
  /** The name callers and metrics use (`[a-z0-9_-]`); `default` in single-account mode. */
  readonly name: string;
  readonly accountId: string;
  readonly username: string;
  readonly apiToken: string;
  readonly graphqlUrl: string;
  readonly authUrl: string;
  /** This account's upstream slots on this replica (`UPSTREAM_MAX_CONCURRENCY` unless the file says). */
  readonly maxConcurrency: number;
  /** This account's request rate (`UPSTREAM_RPS` unless the file says); undefined: no rate limit. */
  readonly requestsPerSecond: number | undefined;
  /** Undefined: every caller that passed inbound authentication. */
  readonly allow: AccountAllow | undefined;
}

/** The accounts the subgraph serves and the one a request gets when it names none. */
export interface BoomiAccounts {
  readonly list: readonly BoomiAccount[];
  /** Undefined: a request must name its account (claim or header), else FORBIDDEN. */
  readonly defaultName: string | undefined;
}

/** The one account of single-account mode (the `BOOMI_*` variables). */
export const SINGLE_ACCOUNT_NAME = 'default';
