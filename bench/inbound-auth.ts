/**
 * Cost of inbound authentication per request, in-process (yoga.fetch, trivial schema): each mode against
 * `none`, alternated over rounds in one run, reported as µs per request and the ratio to `none`.
 *   npx tsx bench/inbound-auth.ts            (BENCH_REQUESTS per mode and round, default 2000; BENCH_ROUNDS, 3)
 */
import { createHmac } from 'node:crypto';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { type InboundAuthOptions, useInboundAuth } from '../src/plugins/use-inbound-auth.ts';
import { createTestKey, signToken } from '../test/helpers/jwks-server.ts';

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const secret = 'bench-shared-secret-0123456789';
const body = JSON.stringify({ query: '{ ok }' });

function yogaWith(options: InboundAuthOptions) {
  return createYoga({
    schema: createSchema({
      typeDefs: 'type Query { ok: Boolean }',
      resolvers: { Query: { ok: () => true } },
    }),
    logging: false,
    plugins: [useInboundAuth(options) as Plugin],
  });
}

async function main(): Promise<void> {
  const key = await createTestKey('bench');
  const token = await signToken(key, { iss: 'https://gw', aud: 'spaces' }, {});
  const signature = createHmac('sha256', secret).update(body).digest('base64');
  const modes: Array<{ name: string; yoga: ReturnType<typeof yogaWith>; init: RequestInit }> = [
    { name: 'none', yoga: yogaWith({ method: 'none' }), init: {} },
    {
      name: 'shared-secret',
      yoga: yogaWith({ method: 'shared-secret', secret, header: 'x-gateway-secret' }),
      init: { headers: { 'x-gateway-secret': secret } },
    },
    {
      name: 'jwt (static JWK)',
      yoga: yogaWith({
        method: 'jwt',
        jwksUrl: undefined,
        publicKey: JSON.stringify(key.publicJwk),
        algorithms: ['RS256'],
        issuer: 'https://gw',
        audience: ['spaces'],
        clockToleranceSeconds: 30,
        jwksCooldownMs: 30_000,
      }),
      init: { headers: { authorization: `Bearer ${token}` } },
    },
    {
      name: 'hmac',
      yoga: yogaWith({ method: 'hmac', secret, extensionName: 'hmac-signature' }),
      init: { body: JSON.stringify({ query: '{ ok }', extensions: { 'hmac-signature': signature } }) },
    },
  ];
  const perRound: Record<string, number[]> = Object.fromEntries(modes.map((m) => [m.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      const headers = {
        'content-type': 'application/json',
        ...(mode.init.headers as Record<string, string>),
      };
      const start = process.hrtime.bigint();
      for (let i = 0; i < requests; i++) {
        const response = await mode.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers,
          body: (mode.init.body as string | undefined) ?? body,
        });
        if (response.status !== 200) throw new Error(`${mode.name}: HTTP ${response.status}`);
        await response.text();
      }
      perRound[mode.name]?.push(Number(process.hrtime.bigint() - start) / 1000 / requests);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const baseline = median(perRound.none ?? []);
  process.stdout.write(`inbound auth, ${requests} requests x ${rounds} rounds per mode (median round):\n`);
  for (const mode of modes) {
    const us = median(perRound[mode.name] ?? []);
    process.stdout.write(
      `  ${mode.name.padEnd(18)} ${us.toFixed(1).padStart(7)} µs/request  ratio ${(us / baseline).toFixed(2)}\n`,
    );
  }
}

await main();
