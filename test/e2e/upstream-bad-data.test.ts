/**
 * Issue #8 failure mode 6: an upstream 200 whose data is missing or does not match the upstream schema
 * reaches the client as UPSTREAM_BAD_RESPONSE (category UPSTREAM) at the field's path, never as a
 * silent null nor as INTERNAL_SERVER_ERROR. A fake GraphQL upstream on 127.0.0.1 serves the answers;
 * the simulator serves the JWTs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createSubgraphServer, type SubgraphServer } from '../../src/server.ts';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../../src/simulator/seed.ts';
import { postGraphQL } from '../helpers/stack.ts';

let sim: RunningSimulator;
let fake: Server;
let server: SubgraphServer;
let url: string;
/** The body the fake upstream answers every GraphQL request with (status 200). */
let answer = '{}';
let upstreamCalls = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  fake = createServer((req, res) => {
    upstreamCalls++;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({
    BOOMI_ACCOUNT_ID: DEFAULT_SANDBOX_CREDENTIALS.accountId,
    BOOMI_USERNAME: DEFAULT_SANDBOX_CREDENTIALS.username,
    BOOMI_API_TOKEN: DEFAULT_SANDBOX_CREDENTIALS.apiToken,
    BOOMI_GRAPHQL_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`,
    BOOMI_AUTH_URL: sim.authUrl,
    INBOUND_AUTH: 'none',
    LOG_LEVEL: 'silent',
    RETRY_MAX_ATTEMPTS: '1',
  });
  server = await createSubgraphServer({
    config,
    logger: createLogger({ level: 'silent' }),
    collectDefaultMetrics: false,
  });
  ({ url } = await server.listen(0, '127.0.0.1'));
});

afterAll(async () => {
  await server?.close(0);
  await new Promise((resolve) => fake?.close(resolve));
  await sim?.close();
});

const BAD = (message: string, path: Array<string | number>, retryable = true) => ({
  message,
  path,
  extensions: { code: 'UPSTREAM_BAD_RESPONSE', category: 'UPSTREAM', retryable },
});

describe('upstream data that does not match the schema', () => {
  it.each([
    ['{"data": null}', 'data null, no error'],
    ['{"errors": []}', 'an empty errors list and no data'],
  ])('%s (%s) → UPSTREAM_BAD_RESPONSE at the root field', async (body) => {
    answer = body;
    const res = await postGraphQL(url, '{ spaces { id name } }');
    expect(res.body).toEqual({
      data: { spaces: null },
      errors: [expect.objectContaining(BAD('Boomi answered without a value for spaces.', ['spaces']))],
    });
  });

  it('a String where an ID! is expected, inside a list → the path of that field', async () => {
    answer = JSON.stringify({
      data: {
        spaces: [
          { id: 's1', name: 'a' },
          { id: true, name: 'b' },
        ],
      },
    });
    const res = await postGraphQL(url, '{ spaces { id name } }');
    expect(res.body.errors).toEqual([
      expect.objectContaining(
        BAD('Boomi returned a boolean where ID! is expected at spaces.1.id.', ['spaces', 1, 'id']),
      ),
    ]);
    expect(res.body.data).toEqual({ spaces: [{ id: 's1', name: 'a' }, null] });
  });

  it('a missing non-null field → its path, and the entity next to it keeps its data', async () => {
    answer = JSON.stringify({ data: { spaces: [{ id: 's1', name: 'a' }, { id: 's2' }] } });
    const res = await postGraphQL(url, '{ spaces { id name } }');
    expect(res.body.errors).toEqual([
      expect.objectContaining(
        BAD('Boomi answered without a value for spaces.1.name.', ['spaces', 1, 'name']),
      ),
    ]);
    expect(res.body.data).toEqual({ spaces: [{ id: 's1', name: 'a' }, null] });
  });

  it('a well-formed answer still passes, nulls in nullable fields included', async () => {
    answer = JSON.stringify({ data: { spaces: [{ id: 's1', name: 'a', description: null }] } });
    const res = await postGraphQL(url, '{ spaces { id name description } }');
    expect(res.body).toEqual({ data: { spaces: [{ id: 's1', name: 'a', description: null }] } });
    expect(upstreamCalls).toBeGreaterThan(0);
  });
});
