import type { BoomiEndpoints } from '../boomi-regions.ts';
import { loadAccountsFile } from './accounts-file.ts';
import type { BoomiAccount, BoomiAccounts } from './boomi-account.ts';
import type { AccountSelectors } from './choose-account.ts';

/** The settings the accounts depend on (a slice of the parsed configuration). */
export interface AccountsSettings {
  boomi: { accountsFile?: string | undefined; accountId?: string | undefined; username?: string | undefined };
  accountRouting: AccountSelectors;
  upstream: { maxConcurrency: number; requestsPerSecond?: number | undefined };
}

const SINGLE = ['BOOMI_ACCOUNT_ID', 'BOOMI_USERNAME', 'BOOMI_API_TOKEN'] as const;

/**
 * `BOOMI_ACCOUNTS` loaded and resolved (undefined when unset: single-account mode). It excludes the
 * single-account credentials, and ACCOUNT_CLAIM / ACCOUNT_HEADER mean nothing without it.
 */
export function resolveAccountsSetting(
  settings: AccountsSettings,
  env: Record<string, string | undefined>,
  endpoints: BoomiEndpoints,
  problems: string[],
): BoomiAccounts | undefined {
  const path = settings.boomi.accountsFile;
  if (path === undefined) {
    const { claim, header } = settings.accountRouting;
    if (claim !== undefined) problems.push('ACCOUNT_CLAIM: requires BOOMI_ACCOUNTS (many accounts)');
    if (header !== undefined) problems.push('ACCOUNT_HEADER: requires BOOMI_ACCOUNTS (many accounts)');
    return undefined;
  }
  const single = SINGLE.filter((name) => env[name] !== undefined && env[name]?.trim() !== '');
  if (single.length > 0) {
    problems.push(
      `BOOMI_ACCOUNTS: conflicts with ${single.join(', ')}; list every account in the file instead`,
    );
    return undefined;
  }
  return loadAccountsFile(
    path,
    env,
    {
      endpoints,
      maxConcurrency: settings.upstream.maxConcurrency,
      requestsPerSecond: settings.upstream.requestsPerSecond,
    },
    problems,
  );
}

/** The account readiness probes and `config.boomi` describes: the default, else the first listed. */
export function primaryAccount(accounts: BoomiAccounts): BoomiAccount {
  return accounts.list.find((a) => a.name === accounts.defaultName) ?? (accounts.list[0] as BoomiAccount);
}

/** Where the account may come from depends on what inbound authentication verifies. */
export function checkAccountRouting(
  selectors: AccountSelectors,
  inboundAuth: 'none' | 'hmac' | 'jwt' | 'shared-secret',
  problems: string[],
): void {
  if (selectors.claim !== undefined && inboundAuth !== 'jwt') {
    problems.push(`ACCOUNT_CLAIM: requires INBOUND_AUTH=jwt (received INBOUND_AUTH=${inboundAuth})`);
  }
  if (selectors.header !== undefined && inboundAuth === 'none') {
    problems.push(
      'ACCOUNT_HEADER: requires inbound authentication (INBOUND_AUTH=hmac, jwt or shared-secret); ' +
        'without it any caller could pick any account',
    );
  }
}
