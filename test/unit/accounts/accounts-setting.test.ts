import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { scratchDir } from '../../helpers/accounts-file.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());
const TOKEN = 'sim-secret-token-0123456789';
const FILE = scratch.write(
  'accounts.yaml',
  `default: us
accounts:
  - { name: eu, accountId: acct-EU, username: eu@x, apiToken: { env: EU_TOKEN }, region: gb }
  - { name: us, accountId: acct-US, username: us@x, apiToken: { env: US_TOKEN } }
`,
);
const SECRETS = { EU_TOKEN: TOKEN, US_TOKEN: `${TOKEN}-us` };
const SHARED = { INBOUND_AUTH: 'shared-secret', INBOUND_SHARED_SECRET: 'a-long-enough-shared-secret-xyz' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('BOOMI_ACCOUNTS in the configuration', () => {
  it('is production mode; config.boomi describes the default account; hardened defaults apply', () => {
    const config = loadConfig({
      BOOMI_ACCOUNTS: FILE,
      ...SECRETS,
      ...SHARED,
      ACCOUNT_HEADER: 'X-Boomi-Account',
    });
    expect(config.mode).toBe('production');
    expect(config.accounts?.list.map((a) => a.name)).toEqual(['eu', 'us']);
    expect(config.boomi).toMatchObject({ accountId: 'acct-US', username: 'us@x', apiToken: `${TOKEN}-us` });
    expect(config.accountRouting).toEqual({ header: 'x-boomi-account' });
    expect(config.security.introspection).toBe(false);
    expect(problemsOf({ BOOMI_ACCOUNTS: FILE, ...SECRETS })).toContain(
      'INBOUND_AUTH: required in production',
    );
  });

  it('keeps single-account mode without it (no accounts, the BOOMI_* credentials)', () => {
    const config = loadConfig({
      BOOMI_ACCOUNT_ID: 'a',
      BOOMI_USERNAME: 'u',
      BOOMI_API_TOKEN: TOKEN,
      INBOUND_AUTH: 'none',
    });
    expect(config.accounts).toBeUndefined();
    expect(config.boomi).toMatchObject({ accountId: 'a', username: 'u', apiToken: TOKEN });
  });

  it('refuses it together with the single-account credentials', () => {
    expect(problemsOf({ BOOMI_ACCOUNTS: FILE, ...SECRETS, ...SHARED, BOOMI_ACCOUNT_ID: 'a' })).toContain(
      'BOOMI_ACCOUNTS: conflicts with BOOMI_ACCOUNT_ID; list every account in the file instead',
    );
  });

  it('refuses ACCOUNT_CLAIM / ACCOUNT_HEADER without it, a claim without JWTs, a header without inbound auth', () => {
    expect(problemsOf({ ACCOUNT_CLAIM: 'acct', ACCOUNT_HEADER: 'x-acct' })).toBe(
      'Invalid configuration:\n  - ACCOUNT_CLAIM: requires BOOMI_ACCOUNTS (many accounts)\n' +
        '  - ACCOUNT_HEADER: requires BOOMI_ACCOUNTS (many accounts)',
    );
    expect(problemsOf({ BOOMI_ACCOUNTS: FILE, ...SECRETS, ...SHARED, ACCOUNT_CLAIM: 'acct' })).toContain(
      'ACCOUNT_CLAIM: requires INBOUND_AUTH=jwt (received INBOUND_AUTH=shared-secret)',
    );
    expect(
      problemsOf({ BOOMI_ACCOUNTS: FILE, ...SECRETS, INBOUND_AUTH: 'none', ACCOUNT_HEADER: 'x-acct' }),
    ).toContain('ACCOUNT_HEADER: requires inbound authentication (INBOUND_AUTH=hmac, jwt or shared-secret)');
  });

  it('names a missing secret variable, never a secret value', () => {
    const message = problemsOf({ BOOMI_ACCOUNTS: FILE, EU_TOKEN: TOKEN, ...SHARED });
    expect(message).toContain(
      `BOOMI_ACCOUNTS (${FILE}): accounts[1].apiToken: the variable US_TOKEN is not set`,
    );
    expect(message).not.toContain(TOKEN);
  });
});
