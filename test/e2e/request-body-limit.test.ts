/**
 * MAX_REQUEST_BYTES through real HTTP (src/plugins/use-request-body-limit.ts): a declared length
 * above the limit is refused before the body is read, a chunked body is counted as it is read, and
 * bodies within the limit — declared or chunked — are answered. Nothing reaches the upstream for a
 * refused body.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.ts';

const LIMIT = 2048;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_REQUEST_BYTES: String(LIMIT), LOG_LEVEL: 'silent' } });
}, 30_000);

afterAll(async () => {
  await stack?.close();
});

/** A JSON body of about `bytes` bytes (a comment pads the query). */
function body(bytes: number): string {
  const query = `{ spaces { id } }`;
  const padding = Math.max(0, bytes - JSON.stringify({ query: `#\n${query}` }).length);
  return JSON.stringify({ query: `#${'x'.repeat(padding)}\n${query}` });
}

/** POSTs `text` with a Content-Length, or chunked in pieces of 256 bytes. */
function post(text: string, chunked: boolean): Promise<{ status: number; body: string }> {
  const url = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': Buffer.byteLength(text) }),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    if (chunked) for (let i = 0; i < text.length; i += 256) req.write(text.slice(i, i + 256));
    else req.write(text);
    req.end();
  });
}

describe('MAX_REQUEST_BYTES', () => {
  it('answers bodies within the limit, with a Content-Length or chunked', async () => {
    for (const chunked of [false, true]) {
      const response = await post(body(LIMIT - 16), chunked);
      expect(response.status, `chunked: ${chunked}`).toBe(200);
      expect(JSON.parse(response.body).data.spaces.length).toBeGreaterThan(0);
    }
  });

  it('refuses a larger body with 413 BAD_REQUEST, declared or chunked, without an upstream call', async () => {
    for (const chunked of [false, true]) {
      const before = stack.sim.stats().graphqlRequests;
      const response = await post(body(LIMIT + 512), chunked);
      expect(response.status, `chunked: ${chunked}`).toBe(413);
      expect(JSON.parse(response.body).errors[0]).toMatchObject({
        message: 'Request body too large.',
        extensions: { code: 'BAD_REQUEST' },
      });
      expect(stack.sim.stats().graphqlRequests).toBe(before);
    }
  });
});
