import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.ts';
import { report } from './helpers.ts';

const MiB = 1024 * 1024;

/**
 * A fake Boomi GraphQL endpoint on 127.0.0.1 that answers every call with a 50 MiB JSON body, chunked (no
 * content-length) or declared. It writes while the socket accepts and stops when the client goes away,
 * counting what it wrote.
 */
async function hugeUpstream(mode: 'chunked' | 'declared') {
  const stats = { requests: 0, bytesWritten: 0 };
  const total = 50 * MiB;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server: Server = createServer((req, res) => {
    stats.requests++;
    req.resume();
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(mode === 'declared' ? { 'content-length': String(total) } : {}),
    });
    let written = 0;
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        stats.bytesWritten += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    res.write('{"data":{"spaces":[');
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** #8, failure mode 3: the response cap holds for chunked answers, and a too-large answer is final. */
describe.each(['chunked', 'declared'] as const)('a 50 MiB %s upstream answer', (mode) => {
  it('stops reading at the cap: UPSTREAM_BAD_RESPONSE, not retried, the breaker stays closed', async () => {
    const upstream = await hugeUpstream(mode);
    const stack = await startStack({
      env: {
        UPSTREAM_DEDUP: 'false',
        OPERATION_SHARING: 'false',
        BOOMI_GRAPHQL_URL: upstream.url,
        UPSTREAM_MAX_RESPONSE_BYTES: String(MiB),
      },
    });
    try {
      const responses = await Promise.all(Array.from({ length: 4 }, () => stack.query('{ spaces { id } }')));
      report(`50 MiB ${mode} answer`, {
        upstreamRequests: upstream.stats.requests,
        bytesWritten: upstream.stats.bytesWritten,
      });
      for (const res of responses) {
        expect(res.body.errors?.[0]).toMatchObject({
          message: 'The Boomi API answered with a response larger than this subgraph accepts.',
          extensions: { code: 'UPSTREAM_BAD_RESPONSE', category: 'UPSTREAM', retryable: false },
        });
      }
      expect(upstream.stats.requests).toBe(4);
      // Reading stopped near the 1 MiB cap (socket buffers add some), far from 4 × 50 MiB.
      expect(upstream.stats.bytesWritten).toBeLessThan(4 * 10 * MiB);
      expect(stack.server.breakers.graphql.state()).toBe('closed');
    } finally {
      await stack.close();
      await upstream.close();
    }
  });
});
