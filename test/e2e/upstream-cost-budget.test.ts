/**
 * The upstream cost budget (#9 item 5): the estimate of Boomi requests matches what the simulator
 * counts for a range of queries, and operations over MAX_UPSTREAM_REQUESTS_PER_OPERATION are
 * refused before any upstream request with OPERATION_TOO_EXPENSIVE and the estimate.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/index.ts';
import { estimateUpstreamRequests } from '../../src/subgraph/estimate-upstream-requests.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const LIVE = SEED.demoLiveSpaceIds.length; // 23
const guids = (n: number) => Array.from({ length: n }, (_, i) => `guid-${i}`);
const manyGuids = (n: number) =>
  `{ ${guids(n)
    .map((g, i) => `g${i}: environments(spaceGuid: "${g}") { id }`)
    .join(' ')} }`;
const representations = SEED.demoLiveSpaceIds.map((id) => ({ __typename: 'Space', id }));
const ENTITIES =
  'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id environments { id } } } }';

/** [label, query, variables, exact]: exact = the estimate must equal the measured count. */
const CASES: Array<[string, string, Record<string, unknown> | undefined, boolean]> = [
  ['one root list', '{ spaces { id name } }', undefined, true],
  ['the issue’s 30-character query', '{ spaces { environments { id } } }', undefined, true],
  [
    'two space-scoped fields of each Space merge',
    '{ spaces { environments { id } accounts { id } } }',
    undefined,
    true,
  ],
  ['batched nested field', '{ spaces { artifactListings { numberOfResults } } }', undefined, true],
  ['root fields merge', `{ spaces { id } space(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`, undefined, true],
  [
    'one Space and its environments',
    `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { environments { id } } }`,
    undefined,
    true,
  ],
  ['200 distinct spaceGuids', manyGuids(200), undefined, true],
  [
    'one guid, two root fields',
    `{ a: environments(spaceGuid: "${SEED.demoLiveSpaceGuids[0]}") { id } b: integrationPackInstances(spaceGuid: "${SEED.demoLiveSpaceGuids[0]}") { id } }`,
    undefined,
    true,
  ],
  [
    'guid from a variable',
    'query ($g: ID!) { environments(spaceGuid: $g) { id } }',
    { g: SEED.demoLiveSpaceGuids[1] },
    true,
  ],
  ['entities and their environments', ENTITIES, { r: representations }, true],
  [
    'skipped selections cost nothing',
    '{ spaces { id environments @skip(if: true) { id } } }',
    undefined,
    true,
  ],
  ['free fields', '{ __typename _service { sdl } }', undefined, true],
];

describe('upstream cost estimate against the measured count', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        LOG_LEVEL: 'warn',
        // The assumption equals the seed's list length, so the estimate must be exact.
        UPSTREAM_COST_LIST_SIZE: String(LIVE),
        MAX_UPSTREAM_REQUESTS_PER_OPERATION: '100000',
        MAX_OPERATION_ALIASES: '1000',
        MAX_OPERATION_TOKENS: '20000',
        MAX_OPERATION_COST: '1000000',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(CASES)('%s', async (_label, query, variables, exact) => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(query, variables);
    expect(res.status, res.text).toBe(200);
    const measured = stack.sim.stats().graphqlRequests - before;
    const estimate = estimateUpstreamRequests(stack.server.schema, parse(query), variables, undefined, {
      assumedListSize: LIVE,
      maxBatchSize: 100,
    });
    if (exact) expect(estimate).toBe(measured);
    else expect(estimate).toBeGreaterThanOrEqual(measured);
  });

  it('publishes the same list size to routers: _service { sdl } carries @listSize(assumedSize: UPSTREAM_COST_LIST_SIZE)', async () => {
    const res = await stack.query('{ _service { sdl } }');
    const sdl = (res.body.data as { _service: { sdl: string } })._service.sdl;
    expect(sdl).toContain(`  spaces: [Space] @cost(weight: 1) @listSize(assumedSize: ${LIVE})\n`);
    expect(sdl).toContain(`  environments: [Environment] @cost(weight: 1) @listSize(assumedSize: ${LIVE})\n`);
  });

  it('measures 24 requests for { spaces { environments { id } } } and 200 for 200 distinct guids', async () => {
    let before = stack.sim.stats().graphqlRequests;
    await stack.query('{ spaces { environments { id } } }');
    expect(stack.sim.stats().graphqlRequests - before).toBe(24);
    before = stack.sim.stats().graphqlRequests;
    await stack.query(manyGuids(200));
    expect(stack.sim.stats().graphqlRequests - before).toBe(200);
  });
});

describe('the budget (defaults: 50 requests, lists assumed 25 long)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { LOG_LEVEL: 'warn', MAX_OPERATION_ALIASES: '1000', MAX_OPERATION_TOKENS: '20000' },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses 200 distinct spaceGuids before any upstream request, with the estimate', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(manyGuids(200));
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      {
        message:
          'The operation would cost 200 requests to the Spaces service; at most 50 are allowed per operation.',
        extensions: {
          code: 'OPERATION_TOO_EXPENSIVE',
          category: 'BAD_USER_INPUT',
          retryable: false,
          estimatedUpstreamRequests: 200,
          maxUpstreamRequests: 50,
        },
      },
    ]);
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
  });

  it('refuses two lists of Spaces with space-scoped fields (1 + 25 + 25 = 51)', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query('{ a: spaces { environments { id } } b: spaces { accounts { id } } }');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_EXPENSIVE',
      estimatedUpstreamRequests: 51,
    });
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
  });

  it('lets { spaces { environments { id } } } through (estimate 26)', async () => {
    const res = await stack.query('{ spaces { environments { id } } }');
    expect(res.body.errors, res.text).toBeUndefined();
  });

  it('is configurable: MAX_UPSTREAM_REQUESTS_PER_OPERATION=10 refuses the 24-request query', async () => {
    const small = await startStack({ env: { LOG_LEVEL: 'warn', MAX_UPSTREAM_REQUESTS_PER_OPERATION: '10' } });
    try {
      const res = await small.query('{ spaces { environments { id } } }');
      expect(res.body.errors?.[0]?.extensions).toMatchObject({
        code: 'OPERATION_TOO_EXPENSIVE',
        estimatedUpstreamRequests: 26,
        maxUpstreamRequests: 10,
      });
    } finally {
      await small.close();
    }
  });
});
