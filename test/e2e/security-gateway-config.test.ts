/**
 * The Hive Gateway configurations docs/security.md gives for `shared-secret` and `jwt`, run for real:
 * the gateway adds the secret (or forwards the client's bearer token) through `propagateHeaders`.
 */
import { readFileSync } from 'node:fs';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { afterAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../federation/helpers/gateways.ts';
import { createTestKey, signToken, startJwksServer } from '../helpers/jwks-server.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const SDL = readFileSync(new URL('../../schema/subgraph.graphql', import.meta.url), 'utf8');
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function ask(gateway: ReturnType<typeof createGatewayRuntime>, headers: Record<string, string> = {}) {
  const response = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: '{ spaces { id } }' }),
  });
  return (await response.json()) as {
    data?: { spaces: unknown[] | null } | null;
    errors?: Array<{ extensions?: { code?: string } }>;
  };
}

function supergraph(stack: Stack): string {
  return composeSupergraph([{ name: 'spaces', url: stack.url, sdl: SDL }]).supergraphSdl;
}

describe('Hive Gateway configured as docs/security.md says', () => {
  it('shared-secret: propagateHeaders adds x-gateway-secret for the spaces subgraph', async () => {
    const secret = 'gateway-to-spaces-secret-0123456789';
    const stack = await startStack({ env: { INBOUND_AUTH: 'shared-secret', INBOUND_SHARED_SECRET: secret } });
    cleanups.push(() => stack.close());
    const gateway = createGatewayRuntime({
      supergraph: supergraph(stack),
      logging: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ subgraphName }) =>
          subgraphName === 'spaces' ? { 'x-gateway-secret': secret } : {},
      },
    });
    cleanups.push(() => gateway.dispose());
    const result = await ask(gateway);
    expect(result.errors).toBeUndefined();
    expect(result.data?.spaces?.length).toBeGreaterThan(0);
  });

  it('jwt: propagateHeaders forwards the client bearer token; without one the subgraph refuses', async () => {
    const key = await createTestKey('idp-1');
    const jwks = await startJwksServer([key]);
    cleanups.push(() => jwks.close());
    const stack = await startStack({
      env: {
        INBOUND_AUTH: 'jwt',
        INBOUND_JWT_JWKS_URL: jwks.url,
        INBOUND_JWT_ISSUER: 'https://idp.example.com',
        INBOUND_JWT_AUDIENCE: 'spaces-subgraph',
      },
    });
    cleanups.push(() => stack.close());
    const gateway = createGatewayRuntime({
      supergraph: supergraph(stack),
      logging: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
      },
    });
    cleanups.push(() => gateway.dispose());
    const token = await signToken(key, { iss: 'https://idp.example.com', aud: 'spaces-subgraph', sub: 'u1' });
    const ok = await ask(gateway, { authorization: `Bearer ${token}` });
    expect(ok.errors).toBeUndefined();
    const refused = await ask(gateway);
    expect(refused.data?.spaces ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
