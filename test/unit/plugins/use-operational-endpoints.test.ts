import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ReadinessSnapshot } from '../../../src/observability/readiness-monitor.ts';
import { useOperationalEndpoints } from '../../../src/plugins/use-operational-endpoints.ts';
import { yogaWith } from './yoga-fixture.ts';

const snapshot = (ready: boolean): ReadinessSnapshot => ({
  ready,
  state: ready ? 'ready' : 'credentials_refused',
  mode: 'production',
  since: '2026-01-01T00:00:00.000Z',
  checkedAt: null,
  checks: { auth: { ok: ready, detail: 'a' }, graphql: { ok: true, detail: 'g' } },
});

function setup(readiness: () => ReadinessSnapshot | Promise<ReadinessSnapshot>) {
  const registry = new Registry();
  new Counter({ name: 'demo_total', help: 'demo', registers: [registry] }).inc(3);
  return yogaWith([useOperationalEndpoints({ registry, readiness })]);
}

describe('useOperationalEndpoints', () => {
  it('serves the registry on GET /metrics as Prometheus text', async () => {
    const res = await setup(() => snapshot(true)).fetch('http://yoga/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('demo_total 3');
  });

  it('answers 405 with Allow for other methods on /metrics', async () => {
    const res = await setup(() => snapshot(true)).fetch('http://yoga/metrics', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers /ready 200 or 503 with the snapshot as JSON, uncached', async () => {
    let ready = true;
    const yoga = setup(() => snapshot(ready));
    const ok = await yoga.fetch('http://yoga/ready');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual(snapshot(true));
    ready = false;
    const not = await yoga.fetch('http://yoga/ready');
    expect(not.status).toBe(503);
    expect(await not.json()).toMatchObject({ ready: false, state: 'credentials_refused' });
  });

  it('waits for a promised first verdict', async () => {
    const res = await setup(() => Promise.resolve(snapshot(false))).fetch('http://yoga/ready');
    expect(res.status).toBe(503);
  });

  it('leaves /health and GraphQL requests alone', async () => {
    const yoga = setup(() => snapshot(false));
    expect((await yoga.fetch('http://yoga/health')).status).toBe(200);
    const res = await yoga.fetch('http://yoga/graphql?query=%7Bhello%7D');
    expect(await res.json()).toEqual({ data: { hello: 'world' } });
  });
});
