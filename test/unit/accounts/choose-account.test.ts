import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callerAllowed } from '../../../src/accounts/account-allow.ts';
import type { AccountAllow, BoomiAccount, BoomiAccounts } from '../../../src/accounts/boomi-account.ts';
import { type AccountSelectors, chooseAccount } from '../../../src/accounts/choose-account.ts';
import { type InboundIdentity, identityFromClaims } from '../../../src/http/inbound-identity.ts';

function account(name: string, allow?: AccountAllow): BoomiAccount {
  return {
    name,
    accountId: `id-${name}`,
    username: 'u',
    apiToken: 't',
    graphqlUrl: 'http://127.0.0.1:1/graphql',
    authUrl: 'http://127.0.0.1:1/auth',
    maxConcurrency: 1,
    requestsPerSecond: undefined,
    allow,
  };
}

const ACCOUNTS: BoomiAccounts = {
  defaultName: 'eu',
  list: [account('eu'), account('us', { subjects: ['alice'] }), account('ops', { scopes: ['boomi:ops'] })],
};
const SELECTORS: AccountSelectors = { claim: 'boomi_account', header: 'x-boomi-account' };

function choose(
  identity: InboundIdentity | undefined,
  headers: Record<string, string> = {},
  accounts = ACCOUNTS,
  selectors = SELECTORS,
) {
  const choice = chooseAccount(accounts, selectors, { identity, header: (name) => headers[name] ?? null });
  return 'account' in choice ? choice.account.name : `refused: ${choice.refused}`;
}

describe('chooseAccount', () => {
  it('takes the claim, else the header, else the default', () => {
    const alice = identityFromClaims({ sub: 'alice', boomi_account: 'us' });
    expect(choose(alice, { 'x-boomi-account': 'eu' })).toBe('us');
    expect(choose(identityFromClaims({ sub: 'alice' }), { 'x-boomi-account': 'us' })).toBe('us');
    expect(choose(identityFromClaims({ sub: 'bob' }))).toBe('eu');
    expect(choose(undefined)).toBe('eu');
  });

  it('refuses unknown accounts, non-string claims, disallowed callers and requests with no account', () => {
    expect(choose(identityFromClaims({ boomi_account: 'mars' }))).toBe(
      'refused: the request names an unknown account',
    );
    expect(choose(identityFromClaims({ boomi_account: ['us'] }))).toBe(
      'refused: the account claim is not a string',
    );
    expect(choose(identityFromClaims({ sub: 'bob', boomi_account: 'us' }))).toBe(
      'refused: caller not allowed to use us',
    );
    expect(choose(identityFromClaims({ sub: 'bob', scope: 'boomi:ops' }), { 'x-boomi-account': 'ops' })).toBe(
      'ops',
    );
    expect(choose(identityFromClaims({}), {}, { ...ACCOUNTS, defaultName: undefined })).toBe(
      'refused: the request names no account and there is no default',
    );
  });

  it('never trusts the header without a verified identity, nor the prototype as a claim', () => {
    expect(choose(undefined, { 'x-boomi-account': 'eu' })).toBe(
      'refused: account header on an unauthenticated request',
    );
    expect(choose(identityFromClaims({}), {}, ACCOUNTS, { claim: 'constructor' })).toBe('eu');
  });
});

describe('callerAllowed', () => {
  it('requires every rule: any listed subject, all listed scopes, each claim equal or one of a list', () => {
    const allow: AccountAllow = {
      subjects: ['a', 'b'],
      scopes: ['r', 'w'],
      claims: { t: ['x', 'y'], g: 'z' },
    };
    const ok = identityFromClaims({ sub: 'b', scope: 'w r extra', t: 'y', g: 'z' });
    expect(callerAllowed(allow, ok)).toBe(true);
    expect(callerAllowed(allow, identityFromClaims({ sub: 'c', scope: 'w r', t: 'y', g: 'z' }))).toBe(false);
    expect(callerAllowed(allow, identityFromClaims({ sub: 'b', scope: 'r', t: 'y', g: 'z' }))).toBe(false);
    expect(callerAllowed(allow, identityFromClaims({ sub: 'b', scope: 'w r', t: 'q', g: 'z' }))).toBe(false);
    expect(callerAllowed(allow, identityFromClaims({ sub: 'b', scope: 'w r', t: ['y'], g: 'z' }))).toBe(
      false,
    );
    expect(callerAllowed(allow, undefined)).toBe(false);
    expect(callerAllowed(undefined, undefined)).toBe(true);
    expect(callerAllowed({}, undefined)).toBe(true);
  });
});

const word = fc.constantFrom('a', 'b', 'c', 'eu', 'us');
const arbAllow: fc.Arbitrary<AccountAllow | undefined> = fc.option(
  fc.record(
    {
      subjects: fc.array(word, { minLength: 1, maxLength: 3 }),
      scopes: fc.array(word, { minLength: 1, maxLength: 2 }),
      claims: fc.dictionary(
        fc.constantFrom('t', 'g'),
        fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 2 })),
      ),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const arbIdentity: fc.Arbitrary<InboundIdentity | undefined> = fc.option(
  fc
    .record(
      {
        sub: word,
        scope: fc.array(word, { maxLength: 3 }).map((s) => s.join(' ')),
        t: fc.oneof(word, fc.array(word)),
        g: word,
        acct: fc.oneof(word, fc.integer()),
      },
      { requiredKeys: [] },
    )
    .map(identityFromClaims),
  { nil: undefined },
);

/** The allow rules restated independently of account-allow.ts (the property's oracle). */
function oracleAllows(allow: AccountAllow | undefined, identity: InboundIdentity | undefined): boolean {
  const { subjects, scopes, claims } = allow ?? {};
  if (!subjects && !scopes && !claims) return true;
  if (!identity) return false;
  const subjectOk = !subjects || subjects.some((s) => s === identity.subject);
  const scopesOk = !scopes || scopes.filter((s) => !identity.scopes.includes(s)).length === 0;
  const claimsOk = Object.entries(claims ?? {}).every(([k, v]) =>
    ([] as string[]).concat(v).some((x) => identity.claims[k] === x),
  );
  return subjectOk && scopesOk && claimsOk;
}

describe('chooseAccount properties', () => {
  it('a caller never gets an account whose allow does not match it; the header never counts unverified', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name: word, allow: arbAllow }), {
          selector: (a) => a.name,
          minLength: 1,
          maxLength: 4,
        }),
        fc.option(word, { nil: undefined }),
        arbIdentity,
        fc.option(word, { nil: undefined }),
        (defs, defaultName, identity, headerValue) => {
          const accounts: BoomiAccounts = { defaultName, list: defs.map((d) => account(d.name, d.allow)) };
          const headers = headerValue === undefined ? {} : { 'x-acct': headerValue };
          const choice = chooseAccount(
            accounts,
            { claim: 'acct', header: 'x-acct' },
            { identity, header: (name) => (headers as Record<string, string>)[name] ?? null },
          );
          if (!('account' in choice)) return;
          expect(oracleAllows(choice.account.allow, identity)).toBe(true);
          if (identity === undefined) {
            // Unverified: only the default can be had, and only without a header.
            expect(headerValue).toBeUndefined();
            expect(choice.account.name).toBe(defaultName);
          }
        },
      ),
      { seed: 12, numRuns: 2000 },
    );
  });
});
