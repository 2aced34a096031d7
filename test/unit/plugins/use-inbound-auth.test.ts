import { createHmac } from 'node:crypto';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { inboundIdentityOf } from '../../../src/http/inbound-identity.ts';
import { type InboundAuthOptions, useInboundAuth } from '../../../src/plugins/use-inbound-auth.ts';
import { createTestKey, signToken } from '../../helpers/jwks-server.ts';

/** A tiny Yoga whose `whoami` resolver returns the identity the plugin put on the context. */
function server(options: InboundAuthOptions) {
  let resolved = 0;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { whoami: String }',
      resolvers: {
        Query: {
          whoami: (_root: unknown, _args: unknown, context: unknown) => {
            resolved++;
            return JSON.stringify(inboundIdentityOf(context) ?? null);
          },
        },
      },
    }),
    logging: false,
    plugins: [useInboundAuth(options) as Plugin],
  });
  const run = async (headers: Record<string, string> = {}, extensions?: Record<string, unknown>) => {
    const response = await yoga.fetch('http://subgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ whoami }', ...(extensions ? { extensions } : {}) }),
    });
    const body = (await response.json()) as { data?: { whoami: string }; errors?: unknown[] };
    return { status: response.status, body, identity: body.data ? JSON.parse(body.data.whoami) : undefined };
  };
  return { run, resolvedCount: () => resolved };
}

const REFUSED = [
  {
    message: 'Authentication required: this subgraph accepts requests from the organization gateway only.',
    extensions: { code: 'UNAUTHENTICATED', category: 'UNAUTHENTICATED', retryable: false },
  },
];

describe('useInboundAuth', () => {
  it('none: every request runs, and there is no identity', async () => {
    const { run } = server({ method: 'none' });
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.identity).toBeNull();
  });

  it('shared-secret: refuses without the header (401, nothing resolved), identifies the gateway with it', async () => {
    const { run, resolvedCount } = server({
      method: 'shared-secret',
      secret: 's'.repeat(20),
      header: 'x-gateway-secret',
    });
    const refused = await run({ 'x-gateway-secret': 'nope' });
    expect(refused.status).toBe(401);
    expect(refused.body.errors).toEqual(REFUSED);
    expect(resolvedCount()).toBe(0);
    const ok = await run({ 'x-gateway-secret': 's'.repeat(20) });
    expect(ok.identity).toEqual({ method: 'shared-secret', claims: {}, scopes: [] });
  });

  it('jwt: resolvers read subject, claims and scopes of the verified token', async () => {
    const key = await createTestKey('k');
    const { run } = server({
      method: 'jwt',
      jwksUrl: undefined,
      publicKey: JSON.stringify(key.publicJwk),
      algorithms: ['RS256'],
      issuer: 'https://gw',
      audience: ['spaces'],
      clockToleranceSeconds: 0,
      jwksCooldownMs: 0,
    });
    const token = await signToken(key, {
      iss: 'https://gw',
      aud: 'spaces',
      sub: 'user-7',
      scope: 'spaces:read',
      boomiAccount: 'acme-1',
    });
    const res = await run({ authorization: `Bearer ${token}` });
    expect(res.identity).toMatchObject({
      method: 'jwt',
      subject: 'user-7',
      scopes: ['spaces:read'],
      claims: { sub: 'user-7', boomiAccount: 'acme-1', iss: 'https://gw', aud: 'spaces' },
    });
    const refused = await run({ authorization: 'Bearer x.y.z' });
    expect(refused.status).toBe(401);
    expect(refused.body.errors).toEqual(REFUSED);
  });

  it('hmac: a signature of the params is accepted; a missing or wrong one is refused with 401', async () => {
    const secret = 'h'.repeat(24);
    const { run, resolvedCount } = server({ method: 'hmac', secret, extensionName: 'hmac-signature' });
    const signature = createHmac('sha256', secret).update('{"query":"{ whoami }"}').digest('base64');
    const ok = await run({}, { 'hmac-signature': signature });
    expect(ok.identity).toEqual({ method: 'hmac', claims: {}, scopes: [] });
    const before = resolvedCount();
    for (const extensions of [
      undefined,
      { 'hmac-signature': 'AAAA' },
      { 'hmac-signature': '!!not base64' },
      { other: signature },
    ]) {
      const refused = await run({}, extensions);
      expect(refused.status).toBe(401);
      expect(refused.body.errors).toEqual(REFUSED);
    }
    expect(resolvedCount()).toBe(before);
  });
});
