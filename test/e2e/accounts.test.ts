/**
 * Many accounts (#12 item 2) through real HTTP: one subgraph serving the simulator's demo and other
 * accounts (BOOMI_ACCOUNTS) behind inbound JWT auth. Requests are routed by a verified claim (or a header
 * on an authenticated request, or the default); each account has its own data, JWT, governor budget and
 * cache scope; a caller its account does not allow gets FORBIDDEN with nothing sent upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createSubgraphServer, type SubgraphServer } from '../../src/server.ts';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts';
import {
  DEMO_ACCOUNT_ID,
  MEMBER_ACCOUNT_ID,
  OTHER_ACCOUNT_ID,
  SEED_USERS,
} from '../../src/simulator/seed.ts';
import { scratchDir } from '../helpers/accounts-file.ts';
import { createTestKey, signToken, type TestKey } from '../helpers/jwks-server.ts';
import { type RedisServer, redisSuiteMode, startRedisServer } from '../helpers/redis-server.ts';
import { spawnMain } from '../helpers/spawn-main.ts';
import { postGraphQL, type Stack, startStack } from '../helpers/stack.ts';

const ISSUER = 'https://gateway.example.com';
const AUDIENCE = 'spaces-subgraph';
const FORBIDDEN = {
  message: 'This caller may not use the requested Boomi account.',
  extensions: { code: 'FORBIDDEN', category: 'FORBIDDEN', retryable: false },
};
type ReadyBody = { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> };
const GATEWAY_SECRET = 'a-long-gateway-secret-for-tests-0123';
const user = (accountId: string) => SEED_USERS.find((u) => u.accountIds.includes(accountId))!;

/**
 * demo: the default, one upstream slot; other: token from a file; member: only for the subject "admin".
 * Endpoints come from BOOMI_GRAPHQL_URL / BOOMI_AUTH_URL (the stack's simulator).
 */
function writeAccounts(scratch: ReturnType<typeof scratchDir>): Record<string, string> {
  const otherToken = scratch.write('other-token', `${user(OTHER_ACCOUNT_ID).apiToken}\n`);
  const file = scratch.write(
    'accounts.yaml',
    `default: demo
accounts:
  - name: demo
    accountId: ${DEMO_ACCOUNT_ID}
    username: ${user(DEMO_ACCOUNT_ID).username}
    apiToken: { env: DEMO_TOKEN }
    maxConcurrency: 1
  - name: other
    accountId: ${OTHER_ACCOUNT_ID}
    username: ${user(OTHER_ACCOUNT_ID).username}
    apiToken: { file: ${otherToken} }
  - name: member
    accountId: ${MEMBER_ACCOUNT_ID}
    username: ${user(MEMBER_ACCOUNT_ID).username}
    apiToken: { env: MEMBER_TOKEN }
    allow: { subjects: [admin] }
`,
  );
  return {
    BOOMI_ACCOUNTS: file,
    DEMO_TOKEN: user(DEMO_ACCOUNT_ID).apiToken,
    MEMBER_TOKEN: user(MEMBER_ACCOUNT_ID).apiToken,
  };
}

describe('BOOMI_ACCOUNTS: one subgraph, several Boomi accounts', () => {
  const scratch = scratchDir();
  let stack: Stack;
  let key: TestKey;

  const as = async (claims: Record<string, unknown>) => ({
    authorization: `Bearer ${await signToken(key, { iss: ISSUER, aud: AUDIENCE, sub: 'gw', ...claims })}`,
  });
  const spacesOf = async (headers: Record<string, string>, query = '{ spaces { id } }') => {
    const res = await stack.query<{ spaces: Array<{ id: string }> }>(query, undefined, { headers });
    expect(res.body.errors).toBeUndefined();
    return (res.body.data?.spaces ?? []).map((s) => s.id).sort();
  };

  beforeAll(async () => {
    key = await createTestKey('k1');
    stack = await startStack({
      singleAccount: false,
      env: {
        ...writeAccounts(scratch),
        INBOUND_AUTH: 'jwt',
        INBOUND_JWT_PUBLIC_KEY: JSON.stringify(key.publicJwk),
        INBOUND_JWT_ISSUER: ISSUER,
        INBOUND_JWT_AUDIENCE: AUDIENCE,
        ACCOUNT_CLAIM: 'boomi_account',
        ACCOUNT_HEADER: 'x-boomi-account',
        RESPONSE_CACHE: 'true',
        UPSTREAM_DEDUP: 'false',
        OPERATION_SHARING: 'false',
        UPSTREAM_COALESCE: 'false',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    scratch.remove();
  });

  it('refuses a caller the account does not allow, and unknown accounts, with 403 and nothing upstream', async () => {
    const before = stack.sim.stats();
    for (const headers of [
      await as({ boomi_account: 'member' }),
      await as({ boomi_account: 'mars' }),
      await as({ boomi_account: 42 }),
      { ...(await as({})), 'x-boomi-account': 'member' },
    ]) {
      const res = await stack.query('{ spaces { id } }', undefined, { headers });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errors: [FORBIDDEN] });
    }
    const after = stack.sim.stats();
    expect(after.graphqlRequests).toBe(before.graphqlRequests);
    expect(after.jwtMints).toBe(before.jwtMints);
    // The allowed subject gets the member account (served without errors, with member's own JWT).
    await spacesOf(await as({ sub: 'admin', boomi_account: 'member' }));
    expect(stack.sim.stats().jwtMintsByAccount[MEMBER_ACCOUNT_ID]).toBe(1);
  });

  it("routes by the claim, else the header, else the default: each account's own data and own JWT", async () => {
    const demo = await spacesOf(await as({ boomi_account: 'demo' }));
    const other = await spacesOf(await as({ boomi_account: 'other' }));
    expect(demo.length).toBeGreaterThan(0);
    expect(other.length).toBeGreaterThan(0);
    expect(other.filter((id) => demo.includes(id))).toEqual([]);
    expect(await spacesOf({ ...(await as({})), 'x-boomi-account': 'other' })).toEqual(other);
    expect(await spacesOf({ ...(await as({ boomi_account: 'demo' })), 'x-boomi-account': 'other' })).toEqual(
      demo,
    );
    expect(await spacesOf(await as({}))).toEqual(demo);
    const mints = stack.sim.stats().jwtMintsByAccount;
    expect(mints[DEMO_ACCOUNT_ID]).toBe(1);
    expect(mints[OTHER_ACCOUNT_ID]).toBe(1);
    const metrics = await (await fetch(`${stack.base}/metrics`)).text();
    expect(metrics).toContain('boomi_jwt_mints_total{outcome="success",account="demo"} 1');
    expect(metrics).toContain('boomi_jwt_mints_total{outcome="success",account="other"} 1');
  });

  it("keeps each account's cache scope: the same query for demo then other is a miss with other's data", async () => {
    const query = '{ spaces { id name } }';
    const demoHeaders = await as({ boomi_account: 'demo' });
    const otherHeaders = await as({ boomi_account: 'other' });
    const first = await spacesOf(demoHeaders, query);
    const sent = stack.sim.stats().graphqlRequests;
    expect(await spacesOf(demoHeaders, query)).toEqual(first);
    expect(stack.sim.stats().graphqlRequests).toBe(sent); // a hit
    const other = await spacesOf(otherHeaders, query);
    expect(stack.sim.stats().graphqlRequests).toBe(sent + 1); // a miss
    expect(other.filter((id) => first.includes(id))).toEqual([]);
  });

  it("isolates budgets: other's request is served while demo's single slot is busy and its queue waits", async () => {
    const demoAccount = stack.server.accounts.get('demo')!;
    stack.sim.setFaults({ latencyMs: 300 });
    try {
      const demoHeaders = await as({ boomi_account: 'demo' });
      const otherHeaders = await as({ boomi_account: 'other' });
      const demoCalls = [1, 2, 3, 4, 5, 6].map((i) => spacesOf(demoHeaders, `query Q${i} { spaces { id } }`));
      await expect.poll(() => demoAccount.governor.stats().queued, { interval: 5 }).toBe(5);
      // other has its own governor: it does not queue behind demo's slot.
      await spacesOf(otherHeaders, '{ spaces { id createdAt } }');
      const demoLeft = demoAccount.governor.stats();
      expect(demoLeft.inFlight + demoLeft.queued).toBeGreaterThanOrEqual(2);
      await Promise.all(demoCalls);
      const stats = stack.sim.stats();
      expect(stats.maxInFlightByAccount[DEMO_ACCOUNT_ID]).toBe(1);
      expect(stats.maxInFlight).toBeGreaterThanOrEqual(2);
    } finally {
      stack.sim.setFaults({});
    }
  });

  it('names the accounts on /ready and probes the default', async () => {
    const res = await fetch(`${stack.base}/ready`);
    const body = (await res.json()) as ReadyBody;
    expect(res.status).toBe(200);
    expect(body.checks.accounts).toEqual({
      ok: true,
      detail: 'accounts demo, other, member; auth and graphql checks probe demo',
    });
  });

  it('never logs an API token', () => {
    const logs = stack.logs.join('\n');
    for (const id of [DEMO_ACCOUNT_ID, OTHER_ACCOUNT_ID, MEMBER_ACCOUNT_ID]) {
      expect(logs).not.toContain(user(id).apiToken);
    }
  });
});

describe.skipIf(redisSuiteMode().skip)(
  'BOOMI_ACCOUNTS with REDIS_URL: each account its own shared JWT',
  () => {
    const scratch = scratchDir();
    let redis: RedisServer;
    let sim: RunningSimulator;
    const replicas: SubgraphServer[] = [];

    /** A replica serving the accounts file through the shared Redis, routed by ACCOUNT_HEADER. */
    async function startReplica(): Promise<string> {
      const config = loadConfig({
        ...writeAccounts(scratch),
        BOOMI_GRAPHQL_URL: sim.graphqlUrl,
        BOOMI_AUTH_URL: sim.authUrl,
        REDIS_URL: redis.url,
        // A loaded machine must not turn a slow Redis reply into the local-mint fallback this test counts.
        REDIS_COMMAND_TIMEOUT_MS: '5000',
        INBOUND_AUTH: 'shared-secret',
        INBOUND_SHARED_SECRET: GATEWAY_SECRET,
        ACCOUNT_HEADER: 'x-boomi-account',
        UPSTREAM_DEDUP: 'false',
        OPERATION_SHARING: 'false',
        UPSTREAM_COALESCE: 'false',
      });
      const server = await createSubgraphServer({
        config,
        logger: createLogger({ level: 'silent' }),
        collectDefaultMetrics: false,
      });
      replicas.push(server);
      const { url } = await server.listen(0, '127.0.0.1');
      // Until Redis is connected a replica mints on its own (coordinate-mint.ts): wait for it (without
      // /ready, whose first probe would mint).
      const metrics = url.replace(/\/graphql$/, '/metrics');
      await expect
        .poll(async () => (await (await fetch(metrics)).text()).includes('subgraph_shared_state_up 1'), {
          interval: 20,
        })
        .toBe(true);
      return url;
    }
    const spaces = async (url: string, account: string) => {
      const headers = { 'x-gateway-secret': GATEWAY_SECRET, 'x-boomi-account': account };
      const res = await postGraphQL<{ spaces: Array<{ id: string }> }>(url, '{ spaces { id } }', undefined, {
        headers,
      });
      expect(res.body.errors).toBeUndefined();
      return (res.body.data?.spaces ?? []).map((s) => s.id).sort();
    };

    beforeAll(async () => {
      redis = await startRedisServer();
      sim = await startSimulator({ port: 0 });
    });
    afterAll(async () => {
      await Promise.all(replicas.map((r) => r.close(1000)));
      await sim?.close();
      await redis?.stop();
      scratch.remove();
    });

    it("a second replica reuses each account's own JWT from Redis: no new mint, each its own data", async () => {
      const first = await startReplica();
      const demo = await spaces(first, 'demo');
      const other = await spaces(first, 'other');
      expect(other.filter((id) => demo.includes(id))).toEqual([]);
      const before = { ...sim.stats().jwtMintsByAccount };
      expect(before[DEMO_ACCOUNT_ID]).toBeGreaterThanOrEqual(1);
      expect(before[OTHER_ACCOUNT_ID]).toBeGreaterThanOrEqual(1);
      const second = await startReplica();
      expect(await spaces(second, 'other')).toEqual(other);
      expect(await spaces(second, 'demo')).toEqual(demo);
      // The second replica minted for neither account: it used each account's JWT from Redis.
      expect(sim.stats().jwtMintsByAccount).toEqual(before);
    });
  },
);

describe('BOOMI_ACCOUNTS readiness', () => {
  it('probes the default account and names it when Boomi refuses it; the other accounts still serve', async () => {
    const scratch = scratchDir();
    const stack = await startStack({
      singleAccount: false,
      env: {
        ...writeAccounts(scratch),
        DEMO_TOKEN: 'a-wrong-token',
        INBOUND_AUTH: 'shared-secret',
        INBOUND_SHARED_SECRET: GATEWAY_SECRET,
        READINESS_FAILURE_THRESHOLD: '1',
        ACCOUNT_HEADER: 'x-boomi-account',
      },
    });
    try {
      const res = await fetch(`${stack.base}/ready`);
      const body = (await res.json()) as ReadyBody & { state: string };
      expect(res.status).toBe(503);
      expect(body.state).toBe('credentials_refused');
      expect(body.checks.auth?.detail).toBe(
        'Boomi refused the credentials (HTTP 401): check accountId, username and apiToken of account demo in BOOMI_ACCOUNTS',
      );
      // The other accounts were not probed: readiness mints for the default only.
      expect(Object.keys(stack.sim.stats().jwtMintsByAccount)).toEqual([]);
      // demo's refused credentials are demo's alone: other is served with its own JWT.
      const other = await stack.query('{ spaces { id } }', undefined, {
        headers: { 'x-gateway-secret': GATEWAY_SECRET, 'x-boomi-account': 'other' },
      });
      expect(other.body.errors).toBeUndefined();
      expect(stack.sim.stats().jwtMintsByAccount).toEqual({ [OTHER_ACCOUNT_ID]: 1 });
    } finally {
      await stack.close();
      scratch.remove();
    }
  });
});

describe('BOOMI_ACCOUNTS at process start-up', () => {
  it('exits 1 on an inline API token, naming the file and path, never the token', async () => {
    const scratch = scratchDir();
    try {
      const token = user(DEMO_ACCOUNT_ID).apiToken;
      const file = scratch.write(
        'inline.json',
        JSON.stringify({
          accounts: [{ name: 'demo', accountId: DEMO_ACCOUNT_ID, username: 'u', apiToken: token }],
        }),
      );
      const main = spawnMain({ BOOMI_ACCOUNTS: file, INBOUND_AUTH: 'none', PORT: '0', HOST: '127.0.0.1' });
      const [code] = await main.exited;
      expect(code).toBe(1);
      expect(main.output.stderr).toBe(
        `Invalid configuration:\n  - BOOMI_ACCOUNTS (${file}): accounts[0].apiToken: inline secrets are refused ` +
          '(value hidden): expected { env: VARIABLE } or { file: /path/to/secret }\n',
      );
      expect(main.output.stdout + main.output.stderr).not.toContain(token);
    } finally {
      scratch.remove();
    }
  });
});
