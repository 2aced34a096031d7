/**
 * Issue #8 failure mode 8: a client's `spaceGuid` becomes the upstream SPACE_GUID header. A value the
 * HTTP client cannot send (CR/LF/NUL, beyond ASCII, too long, empty) is refused with BAD_USER_INPUT
 * before any upstream call: 0 requests reach Boomi and the circuit breaker does not move, so one client
 * cannot open the circuit (and fail /ready) for everyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

let stack: Stack;

beforeAll(async () => {
  // A breaker that a single failure would open: any upstream failure counted shows at once.
  stack = await startStack({ env: { BREAKER_CONSECUTIVE_FAILURES: '1' } });
});

afterAll(async () => {
  await stack?.close();
});

const QUERY = 'query ($g: ID!) { environments(spaceGuid: $g) { id } }';
const ASCII_ONLY =
  'a Space guid is made of visible ASCII characters only (it is sent as the SPACE_GUID header).';

const CASES: Array<[string, string, string]> = [
  [
    'CR/LF (header injection)',
    'g\r\nX-Injected: 1',
    `spaceGuid contains U+000D at position 1: ${ASCII_ONLY}`,
  ],
  ['NUL', 'g\u0000', `spaceGuid contains U+0000 at position 1: ${ASCII_ONLY}`],
  ['Latin-1 beyond ASCII', 'gé', `spaceGuid contains U+00E9 at position 1: ${ASCII_ONLY}`],
  ['beyond Latin-1', '空間', `spaceGuid contains U+7A7A at position 0: ${ASCII_ONLY}`],
  ['a space', 'g g', `spaceGuid contains U+0020 at position 1: ${ASCII_ONLY}`],
  ['too long', 'g'.repeat(129), 'spaceGuid must be at most 128 characters (received 129).'],
  ['empty', '', 'spaceGuid must not be empty.'],
];

describe('spaceGuid values that cannot be an HTTP header', () => {
  it.each(CASES)('%s → BAD_USER_INPUT, 0 upstream calls, breaker closed', async (_name, guid, message) => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(QUERY, { g: guid });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ environments: null });
    expect(res.body.errors).toEqual([
      {
        message,
        locations: [{ line: 1, column: 19 }],
        path: ['environments'],
        extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT', retryable: false },
      },
    ]);
    expect(stack.sim.stats().graphqlRequests).toBe(before);
    expect(stack.server.breakers.graphql.state()).toBe('closed');
  });

  it('a literal in the document is checked too; after all of them /ready is 200 and valid guids work', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const literal = await stack.query('{ environments(spaceGuid: "g\\nx") { id } }');
    expect(literal.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sim.stats().graphqlRequests).toBe(before);

    expect((await fetch(`${stack.base}/ready`)).status).toBe(200);
    const ok = await stack.query(QUERY, { g: SEED.demoLiveSpaceGuids[0] });
    expect(ok.body.errors).toBeUndefined();
    // At least the one valid request (the readiness monitor, started by /ready, may probe too).
    expect(stack.sim.stats().graphqlRequests).toBeGreaterThanOrEqual(before + 1);
  });
});
