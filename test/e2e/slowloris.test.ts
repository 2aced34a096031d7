/**
 * Issue #9 (slowloris): clients that trickle their headers, trickle their body, send nothing, or park
 * an idle keep-alive connection are disconnected by the server's headers, request and keep-alive
 * timeouts (set short here). The test counts closed sockets; the vitest timeout is the only bound.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpListener, listenHttp } from '../../src/http/listen.ts';

let listener: HttpListener;

beforeAll(async () => {
  listener = await listenHttp(
    (request, response) => {
      request.resume();
      request.on('end', () => response.end('ok'));
    },
    {
      port: 0,
      host: '127.0.0.1',
      timeouts: { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 300 },
    },
  );
});

afterAll(async () => {
  await listener?.drain(0);
});

type Kind = 'trickled headers' | 'trickled body' | 'silent' | 'idle keep-alive';

/** Opens a socket that misbehaves as `kind`; resolves with what it saw when the server closes it. */
async function misbehave(kind: Kind, stop: AbortSignal): Promise<{ kind: Kind; answer: string }> {
  const socket: Socket = connect(listener.port, '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close');
  let trickle: NodeJS.Timeout | undefined;
  if (kind === 'trickled headers') {
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    trickle = setInterval(() => socket.writable && socket.write('X-Slow: y\r\n'), 50);
  } else if (kind === 'trickled body') {
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n');
    trickle = setInterval(() => socket.writable && socket.write('y'), 50);
  } else if (kind === 'idle keep-alive') {
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  }
  stop.addEventListener('abort', () => socket.destroy(), { once: true });
  await closed;
  clearInterval(trickle);
  return { kind, answer: answer.split('\r\n')[0] ?? '' };
}

describe('inbound HTTP timeouts (slowloris)', () => {
  it('closes 200 slow or idle connections', async () => {
    const kinds: Kind[] = ['trickled headers', 'trickled body', 'silent', 'idle keep-alive'];
    const stop = new AbortController();
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => misbehave(kinds[i % kinds.length] as Kind, stop.signal)),
      );
      const closedBy = (kind: Kind) => results.filter((r) => r.kind === kind).map((r) => r.answer);
      expect(results).toHaveLength(200);
      // Node answers a request that ran out of time with 408 before closing.
      expect(new Set(closedBy('trickled headers'))).toEqual(new Set(['HTTP/1.1 408 Request Timeout']));
      expect(new Set(closedBy('trickled body'))).toEqual(new Set(['HTTP/1.1 408 Request Timeout']));
      expect(closedBy('idle keep-alive').every((a) => a === 'HTTP/1.1 200 OK')).toBe(true);
      expect(closedBy('silent')).toHaveLength(50);
    } finally {
      stop.abort();
    }
  }, 20_000);
});
