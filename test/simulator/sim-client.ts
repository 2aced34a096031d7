/** Test helpers: start a simulator, mint tokens, post GraphQL over real HTTP on 127.0.0.1. */

import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  DEFAULT_SANDBOX_CREDENTIALS,
  type RunningSimulator,
  SEED_USERS,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.ts';
import { JWT_ISSUER } from '../../src/simulator/jwt.ts';

export const DEMO = DEFAULT_SANDBOX_CREDENTIALS;
export const MEMBER_USER = SEED_USERS[1] as (typeof SEED_USERS)[number];
export const OTHER_USER = SEED_USERS[2] as (typeof SEED_USERS)[number];

/** Secret used by tests that need hand-made tokens. */
export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef';

/** Starts a simulator on an ephemeral port. */
export function start(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, ...options });
}

/** Basic auth header value for an API-token login. */
export function basicToken(username: string, token: string): string {
  return `Basic ${Buffer.from(`BOOMI_TOKEN.${username}:${token}`).toString('base64')}`;
}

/** Mints a JWT through the auth endpoint. */
export async function mint(
  sim: RunningSimulator,
  user: { username: string; apiToken: string } = DEMO,
  accountId: string = DEMO.accountId,
): Promise<string> {
  const res = await fetch(`${sim.authUrl}/${accountId}`, {
    headers: { authorization: basicToken(user.username, user.apiToken) },
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`mint failed: ${res.status} ${text}`);
  return text.startsWith('{') ? (JSON.parse(text) as { token: string }).token : text.trim();
}

/** Signs a token with arbitrary claims (simulator started with jwtSecret TEST_JWT_SECRET). */
export function signToken(claims: Record<string, unknown>, expiresInSeconds = 60): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(JWT_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

/** A parsed GraphQL answer. */
export interface GqlAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for deep property access
  body: any;
}

/** POSTs a GraphQL request as JSON. */
export async function gql(
  sim: RunningSimulator,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlAnswer> {
  const res = await fetch(sim.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Codes of the errors of an answer (extensions-code style). */
export function codes(answer: GqlAnswer): string[] {
  return (answer.body?.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
}

/** A space-scoped request helper bound to a guid. */
export function sg(guid: string): Record<string, string> {
  return { SPACE_GUID: guid };
}

/** Options of {@link useSimulator}. */
export interface SimulatorFixtureOptions {
  /** Options of the simulator. @default {} */
  simulator?: SimulatorOptions;
  /** Restore the seed data and faults before each test. @default false */
  resetEach?: boolean;
}

/**
 * The set-up most simulator test files share, for the enclosing `describe`: one simulator on an
 * ephemeral port and a JWT of the demo user, handed to `ready` before the first test; reset before
 * each test when asked; closed after the last.
 */
export function useSimulator(
  options: SimulatorFixtureOptions,
  ready: (started: { sim: RunningSimulator; token: string }) => void,
): void {
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    sim = await start(options.simulator);
    ready({ sim, token: await mint(sim) });
  });
  if (options.resetEach) beforeEach(() => sim?.reset());
  afterAll(async () => {
    await sim?.close();
  });
}
