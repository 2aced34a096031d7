import type { Config } from '../config.ts';
import { type BoomiAccounts, SINGLE_ACCOUNT_NAME } from './boomi-account.ts';

/**
 * The accounts the server builds a stack for: those of BOOMI_ACCOUNTS, or in single-account mode one
 * account named `default` made of the BOOMI_* variables (read here, after sandbox mode filled them in).
 */
export function accountsOf(config: Config): BoomiAccounts {
  if (config.accounts) return config.accounts;
  const { accountId, username, apiToken, graphqlUrl, authUrl } = config.boomi;
  return {
    defaultName: SINGLE_ACCOUNT_NAME,
    list: [
      {
        name: SINGLE_ACCOUNT_NAME,
        accountId,
        username,
        apiToken,
        graphqlUrl,
        authUrl,
        maxConcurrency: config.upstream.maxConcurrency,
        requestsPerSecond: config.upstream.requestsPerSecond,
        allow: undefined,
      },
    ],
  };
}
