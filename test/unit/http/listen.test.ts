import { describe, expect, it } from 'vitest';
import { listenHttp } from '../../../src/http/listen.ts';

const TIMEOUTS = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 500 };

describe('listenHttp', () => {
  it('serves the handler with the configured timeouts and shows a wildcard host as 127.0.0.1', async () => {
    const listener = await listenHttp((_req, res) => res.end('hi'), {
      port: 0,
      host: '0.0.0.0',
      timeouts: TIMEOUTS,
    });
    try {
      expect(listener.origin).toBe(`http://127.0.0.1:${listener.port}`);
      expect(await (await fetch(listener.origin)).text()).toBe('hi');
      expect(listener.server.headersTimeout).toBe(1000);
      expect(listener.server.requestTimeout).toBe(2000);
      expect(listener.server.keepAliveTimeout).toBe(500);
    } finally {
      await listener.drain(0);
    }
  });

  it('rejects when the port is taken', async () => {
    const first = await listenHttp(() => {}, { port: 0, host: '127.0.0.1', timeouts: TIMEOUTS });
    try {
      await expect(
        listenHttp(() => {}, { port: first.port, host: '127.0.0.1', timeouts: TIMEOUTS }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.drain(0);
    }
  });
});
