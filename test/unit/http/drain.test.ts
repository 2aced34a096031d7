import { Agent, request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listenHttp } from '../../../src/http/listen.ts';
import { serverTimeoutOptions } from '../../../src/http/server-timeouts.ts';

const TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 };

function get(port: number, agent: Agent | false = false) {
  return new Promise<{ status?: number; connection?: string; error?: string }>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: String(res.headers.connection) }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

describe('createDrainer (through listenHttp)', () => {
  it('answers the request in flight with Connection: close, then refuses new connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const listener = await listenHttp(
      (_req, res) => {
        arrived();
        void gate.then(() => res.end('done'));
      },
      { port: 0, host: '127.0.0.1', timeouts: TIMEOUTS },
    );
    const pending = get(listener.port);
    await inFlight;
    const drained = listener.drain(60_000);
    // The listener closes after the settle turns; the request in flight still gets its answer.
    for (let turn = 0; turn < 1000 && listener.server.listening; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await get(listener.port)).toEqual({ error: 'ECONNREFUSED' });
    release();
    expect(await pending).toEqual({ status: 200, connection: 'close' });
    expect(await drained).toEqual({ inFlightAtStart: 1, forcedSockets: 0 });
  });

  it('closes idle keep-alive connections at once instead of waiting for the grace period', async () => {
    const listener = await listenHttp((_req, res) => res.end('ok'), {
      port: 0,
      host: '127.0.0.1',
      timeouts: TIMEOUTS,
    });
    const agent = new Agent({ keepAlive: true });
    try {
      expect(await get(listener.port, agent)).toMatchObject({ status: 200, connection: 'keep-alive' });
      const sockets = Object.values(agent.freeSockets).flat();
      expect(sockets).toHaveLength(1);
      const closed = new Promise((resolve) => sockets[0]?.once('close', resolve));
      // A grace period far beyond the test timeout: the drain can only end because the idle socket closed.
      expect(await listener.drain(600_000)).toEqual({ inFlightAtStart: 0, forcedSockets: 0 });
      await closed;
    } finally {
      agent.destroy();
    }
  });

  it('destroys what is left when the grace period runs out', async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const listener = await listenHttp(() => arrived(), { port: 0, host: '127.0.0.1', timeouts: TIMEOUTS });
    const pending = get(listener.port);
    await inFlight;
    expect(await listener.drain(20)).toEqual({ inFlightAtStart: 1, forcedSockets: 1 });
    expect(await pending).toEqual({ error: 'ECONNRESET' });
  });
});

describe('serverTimeoutOptions', () => {
  it('maps the timeouts and checks connections four times per headers timeout (at most every second)', () => {
    expect(serverTimeoutOptions(TIMEOUTS)).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 65_000,
      connectionsCheckingInterval: 1000,
    });
    expect(
      serverTimeoutOptions({ headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 100 })
        .connectionsCheckingInterval,
    ).toBe(50);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() =>
      serverTimeoutOptions({ headersTimeoutMs: 2000, requestTimeoutMs: 1000, keepAliveTimeoutMs: 100 }),
    ).toThrow('HTTP_HEADERS_TIMEOUT_MS (2000) must not exceed HTTP_REQUEST_TIMEOUT_MS (1000)');
  });
});
