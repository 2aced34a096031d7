import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../../src/http/metrics-server.ts';

describe('startMetricsServer', () => {
  it('serves GET /metrics (token required when set) and 404 elsewhere; close() frees the port', async () => {
    const registry = new Registry();
    const server = await startMetricsServer({ registry, port: 0, host: '127.0.0.1', token: 'k'.repeat(20) });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
      expect((await fetch(server.url)).status).toBe(401);
      const ok = await fetch(server.url, { headers: { authorization: `Bearer ${'k'.repeat(20)}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe(registry.contentType);
      expect((await fetch(server.url.replace('/metrics', '/graphql'))).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
