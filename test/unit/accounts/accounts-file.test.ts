import { afterAll, describe, expect, it } from 'vitest';
import { type AccountDefaults, loadAccountsFile } from '../../../src/accounts/accounts-file.ts';
import { scratchDir } from '../../helpers/accounts-file.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());

const DEFAULTS: AccountDefaults = {
  endpoints: { graphqlUrl: 'https://g.example/graphql', authUrl: 'https://a.example/auth/jwt/generate' },
  maxConcurrency: 4,
  requestsPerSecond: undefined,
};
const SECRET = 'the-api-token-value-0123456789';

function load(name: string, content: string, env: Record<string, string> = {}) {
  const problems: string[] = [];
  const accounts = loadAccountsFile(scratch.write(name, content), env, DEFAULTS, problems);
  return { accounts, problems };
}

describe('loadAccountsFile', () => {
  it('reads YAML with secrets from a variable and from a file, filling defaults and region presets', () => {
    const secretFile = scratch.write('us-token', `${SECRET}-us\n`);
    const { accounts, problems } = load(
      'a.yaml',
      `default: eu
accounts:
  - name: eu
    accountId: acct-EU
    username: eu@example.com
    apiToken: { env: EU_TOKEN }
    region: gb
    maxConcurrency: 2
    allow: { scopes: [boomi:eu], claims: { tenant: [acme, acme-eu] } }
  - name: us
    accountId: acct-US
    username: us@example.com
    apiToken: { file: ${secretFile} }
    requestsPerSecond: 10
`,
      { EU_TOKEN: SECRET },
    );
    expect(problems).toEqual([]);
    expect(accounts).toEqual({
      defaultName: 'eu',
      list: [
        {
          name: 'eu',
          accountId: 'acct-EU',
          username: 'eu@example.com',
          apiToken: SECRET,
          graphqlUrl: 'https://api.platform.gb.boomi.com/graphql',
          authUrl: 'https://api.platform.gb.boomi.com/auth/jwt/generate',
          maxConcurrency: 2,
          requestsPerSecond: undefined,
          allow: { scopes: ['boomi:eu'], claims: { tenant: ['acme', 'acme-eu'] } },
        },
        {
          name: 'us',
          accountId: 'acct-US',
          username: 'us@example.com',
          apiToken: `${SECRET}-us`,
          graphqlUrl: DEFAULTS.endpoints.graphqlUrl,
          authUrl: DEFAULTS.endpoints.authUrl,
          maxConcurrency: 4,
          requestsPerSecond: 10,
          allow: undefined,
        },
      ],
    });
  });

  it('reads JSON; without default no account is the default', () => {
    const { accounts, problems } = load(
      'a.json',
      JSON.stringify({
        accounts: [
          {
            name: 'x',
            accountId: 'a',
            username: 'u',
            apiToken: { env: 'T' },
            graphqlUrl: 'http://127.0.0.1:1/graphql',
          },
        ],
      }),
      { T: SECRET },
    );
    expect(problems).toEqual([]);
    expect(accounts?.defaultName).toBeUndefined();
    expect(accounts?.list[0]?.graphqlUrl).toBe('http://127.0.0.1:1/graphql');
  });

  it('refuses an inline secret without echoing it', () => {
    const { accounts, problems } = load(
      'inline.yaml',
      `accounts:\n  - { name: eu, accountId: a, username: u, apiToken: "${SECRET}" }\n`,
    );
    expect(accounts).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(
        /^BOOMI_ACCOUNTS \(.*inline\.yaml\): accounts\[0\]\.apiToken: inline secrets are refused \(value hidden\): expected \{ env: VARIABLE \} or \{ file: \/path\/to\/secret \}$/,
      ),
    ]);
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  it('names the file and the path of every bad field', () => {
    const { problems } = load(
      'bad.yaml',
      `default: nope
accounts:
  - { name: EU, accountId: a, username: u, apiToken: { env: T }, maxConcurrency: 0, extra: 1 }
  - { name: us, accountId: "", username: u, apiToken: { vault: x } }
  - { name: us, accountId: b, username: u, apiToken: { env: T }, graphqlUrl: "ftp://x" }
`,
      { T: SECRET },
    );
    const shown = problems.map((p) => p.replace(/^BOOMI_ACCOUNTS \([^)]*\): /, ''));
    expect(shown).toEqual(
      expect.arrayContaining([
        'accounts[0]: Unrecognized key: "extra"',
        'accounts[0].name: expected a name of a-z, 0-9, _ and -',
        expect.stringMatching(/^accounts\[0\]\.maxConcurrency: /),
        expect.stringMatching(/^accounts\[1\]\.accountId: /),
        'accounts[1].apiToken: expected { env: VARIABLE } or { file: /path/to/secret }',
        'accounts[2].graphqlUrl: expected an http(s) URL',
      ]),
    );
  });

  it('refuses duplicate names, a default naming no account, and an empty list', () => {
    const dup = load(
      'dup.yaml',
      `default: zz\naccounts:\n  - { name: a, accountId: x, username: u, apiToken: { env: T } }\n  - { name: a, accountId: y, username: u, apiToken: { env: T } }\n`,
      { T: SECRET },
    );
    expect(dup.problems.map((p) => p.replace(/^[^:]*: /, ''))).toEqual([
      'accounts[1].name: duplicate name "a"',
      'default: names no account ("zz")',
    ]);
    expect(load('empty.yaml', 'accounts: []\n').problems[0]).toMatch(/accounts: .*1/);
  });

  it('says which secret reference cannot be resolved, and never a value', () => {
    const { problems } = load(
      'missing.yaml',
      `accounts:\n  - { name: a, accountId: x, username: u, apiToken: { env: NOT_SET } }\n  - { name: b, accountId: x, username: u, apiToken: { file: ${scratch.dir}/absent } }\n`,
    );
    expect(problems.map((p) => p.replace(/^[^:]*: /, ''))).toEqual([
      'accounts[0].apiToken: the variable NOT_SET is not set',
      `accounts[1].apiToken: cannot read the file "${scratch.dir}/absent" (ENOENT)`,
    ]);
  });

  it('reports unreadable files and syntax errors without quoting the source', () => {
    expect(load('x.yaml', `accounts: [ { apiToken: "${SECRET}" `).problems).toEqual([
      expect.stringMatching(/: not valid YAML \([A-Z_]+ at line \d+, column \d+\)$/),
    ]);
    expect(load('x.json', `{"apiToken": "${SECRET}"`).problems).toEqual([
      expect.stringMatching(/: not valid JSON$/),
    ]);
    const problems: string[] = [];
    loadAccountsFile(`${scratch.dir}/none.yaml`, {}, DEFAULTS, problems);
    expect(problems).toEqual([`BOOMI_ACCOUNTS (${scratch.dir}/none.yaml): cannot read the file (ENOENT)`]);
  });
});
