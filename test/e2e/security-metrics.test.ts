/** `/metrics` protection: a bearer token (METRICS_TOKEN, constant-time) and/or a port of its own (METRICS_PORT). */
import { afterAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
const REFUSED = {
  errors: [
    {
      message: 'Authentication required: /metrics needs the metrics bearer token.',
      extensions: { code: 'UNAUTHENTICATED', category: 'UNAUTHENTICATED', retryable: false },
    },
  ],
};
const stacks: Stack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

describe('METRICS_TOKEN', () => {
  it('refuses /metrics without the bearer token (401, GraphQL error body) and serves it with the token', async () => {
    const stack = await startStack({ env: { METRICS_TOKEN: TOKEN } });
    stacks.push(stack);
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await fetch(`${stack.base}/metrics`, authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.json()).toEqual(REFUSED);
    }
    const ok = await fetch(`${stack.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE');
    expect((await fetch(`${stack.base}/health`)).status).toBe(200);
    expect((await fetch(`${stack.base}/ready`)).status).toBe(200);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port only (404 on the GraphQL port), with the token when set', async () => {
    const stack = await startStack({ env: { METRICS_PORT: '0', METRICS_TOKEN: TOKEN } });
    stacks.push(stack);
    expect(
      (await fetch(`${stack.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
    const metricsUrl = stack.metricsUrl!;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(metricsUrl).not.toBe(`${stack.base}/metrics`);
    const refused = await fetch(metricsUrl);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(REFUSED);
    const ok = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE');
    expect((await fetch(metricsUrl.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
  });
});
