/**
 * INBOUND_AUTH=hmac against a real Hive Gateway configured with `hmacSignature`: its signed requests
 * are served; unsigned requests, requests signed with another secret, and a signed request whose body
 * was altered in transit are refused with 401 and reach nothing upstream.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { defaultParamsSerializer } from '@graphql-mesh/hmac-upstream-signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../federation/helpers/gateways.ts';
import { postGraphQL, type Stack, startStack } from '../helpers/stack.ts';

const SECRET = 'hmac-secret-shared-with-the-gateway-0123456789';
const REFUSED = {
  message: 'Authentication required: this subgraph accepts requests from the organization gateway only.',
  extensions: { code: 'UNAUTHENTICATED', category: 'UNAUTHENTICATED', retryable: false },
};
const SDL = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');

/** A proxy between gateway and subgraph that, when `tamper` is on, rewrites the query it forwards. */
interface TamperingProxy {
  url: string;
  tamper: boolean;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<TamperingProxy> {
  const state = { tamper: false };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
    if (state.tamper) body.query = body.query.replace('name', 'name guid');
    const upstream = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

function hiveGateway(subgraphUrl: string, secret: string) {
  const { supergraphSdl } = composeSupergraph([{ name: 'spaces', url: subgraphUrl, sdl: SDL }]);
  return createGatewayRuntime({ supergraph: supergraphSdl, hmacSignature: { secret }, logging: false });
}

async function viaGateway(gateway: ReturnType<typeof hiveGateway>, query: string) {
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string }>;
  };
}

let stack: Stack;
let proxy: TamperingProxy;
let gateway: ReturnType<typeof hiveGateway>;

beforeAll(async () => {
  stack = await startStack({ env: { INBOUND_AUTH: 'hmac', INBOUND_HMAC_SECRET: SECRET } });
  proxy = await startProxy(stack.url);
  gateway = hiveGateway(proxy.url, SECRET);
});
afterAll(async () => {
  await gateway?.dispose();
  await proxy?.close();
  await stack?.close();
});

describe('INBOUND_AUTH=hmac with Hive Gateway', () => {
  it('serves the requests Hive Gateway signs', async () => {
    const result = await viaGateway(gateway, '{ spaces { id name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.spaces).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: expect.any(String) })]),
    );
  });

  it('refuses a signed request altered in transit (401, nothing upstream)', async () => {
    const before = stack.sim.stats().graphqlRequests;
    proxy.tamper = true;
    try {
      const result = await viaGateway(gateway, '{ spaces { id name } }');
      expect(result.data?.spaces ?? null).toBeNull();
      // Hive Gateway passes the subgraph's refusal through, code and all.
      expect(result.errors).toEqual([
        { ...REFUSED, path: ['spaces'], extensions: { ...REFUSED.extensions, serviceName: 'spaces' } },
      ]);
    } finally {
      proxy.tamper = false;
    }
    expect(stack.sim.stats().graphqlRequests).toBe(before);
  });

  it('refuses a gateway signing with another secret', async () => {
    const other = hiveGateway(stack.url, 'not-the-secret-of-the-subgraph-0123456789');
    try {
      const before = stack.sim.stats().graphqlRequests;
      const result = await viaGateway(other, '{ spaces { id } }');
      expect(result.data?.spaces ?? null).toBeNull();
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(stack.sim.stats().graphqlRequests).toBe(before);
    } finally {
      await other.dispose();
    }
  });

  it('answers an unsigned request with 401 UNAUTHENTICATED and calls nothing upstream', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query('{ spaces { id } }');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [REFUSED] });
    expect(stack.sim.stats().graphqlRequests).toBe(before);
  });

  it('answers a request with a signature of another body with 401', async () => {
    const sign = (query: string) =>
      createHmac('sha256', SECRET)
        .update(defaultParamsSerializer({ query }) as string)
        .digest('base64');
    const signed = sign('{ spaces { id } }');
    const unsigned = await postGraphQL(stack.url, '{ spaces { id } }');
    expect(unsigned.status).toBe(401);
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ spaces { id name } }', extensions: { 'hmac-signature': signed } }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: [REFUSED] });
    const good = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ spaces { id } }', extensions: { 'hmac-signature': signed } }),
    });
    expect(good.status).toBe(200);
  });

  it('never logs the secret', () => {
    expect(stack.logs.join('\n')).not.toContain(SECRET);
  });
});
