import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { metricsAllowed, useMetricsProtection } from '../../../src/plugins/use-metrics-protection.ts';

/** A Yoga whose /metrics answers "metrics" (standing in for the plugin that serves it). */
function yogaWith(options: Parameters<typeof useMetricsProtection>[0]) {
  const serveMetrics: Plugin = {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/metrics') endResponse(new fetchAPI.Response('metrics'));
    },
  };
  return createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    logging: false,
    plugins: [useMetricsProtection(options), serveMetrics],
  });
}

describe('useMetricsProtection', () => {
  it('without a token or a separate port, /metrics is open', async () => {
    expect(await (await yogaWith({}).fetch('http://x/metrics')).text()).toBe('metrics');
  });

  it('with a token, /metrics needs the bearer token', async () => {
    const yoga = yogaWith({ token: 't'.repeat(20) });
    const refused = await yoga.fetch('http://x/metrics');
    expect(refused.status).toBe(401);
    expect(
      ((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions
        .code,
    ).toBe('UNAUTHENTICATED');
    const ok = await yoga.fetch('http://x/metrics', {
      headers: { authorization: `Bearer ${'t'.repeat(20)}` },
    });
    expect(await ok.text()).toBe('metrics');
  });

  it('served elsewhere: 404 here, even with the token', async () => {
    const yoga = yogaWith({ token: 't'.repeat(20), servedElsewhere: true });
    const res = await yoga.fetch('http://x/metrics', {
      headers: { authorization: `Bearer ${'t'.repeat(20)}` },
    });
    expect(res.status).toBe(404);
  });
});

describe('metricsAllowed', () => {
  it('is true without a token, and only for the exact bearer token otherwise', () => {
    expect(metricsAllowed(null, undefined)).toBe(true);
    expect(metricsAllowed('Bearer abc', 'abc')).toBe(true);
    expect(metricsAllowed('Bearer abcd', 'abc')).toBe(false);
    expect(metricsAllowed('abc', 'abc')).toBe(false);
    expect(metricsAllowed(null, 'abc')).toBe(false);
  });
});
