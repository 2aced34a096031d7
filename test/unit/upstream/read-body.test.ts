import { describe, expect, it } from 'vitest';
import { ResponseTooLarge, readLimited } from '../../../src/upstream/read-body.ts';
import type { UpstreamResponse } from '../../../src/upstream/transport.ts';
import { response } from './fakes.ts';

/** A response whose body is a plain async iterable, as the undici request transport gives it. */
function iterableResponse(chunks: string[]): UpstreamResponse & { cancelled: boolean } {
  const out = {
    status: 200,
    cancelled: false,
    headers: { get: () => null },
    text: async () => chunks.join(''),
    body: {
      async *[Symbol.asyncIterator]() {
        for (const chunk of chunks) yield new TextEncoder().encode(chunk);
      },
      cancel() {
        out.cancelled = true;
      },
    },
  };
  return out;
}

describe('readLimited', () => {
  it('reads a body up to the limit, multi-byte characters split across chunks included', async () => {
    const bytes = new TextEncoder().encode('{"name":"Café"}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 13));
        controller.enqueue(bytes.slice(13));
        controller.close();
      },
    });
    expect(await readLimited(response(200, stream), bytes.length)).toBe('{"name":"Café"}');
  });

  it('stops an async-iterable body past the limit and cancels it', async () => {
    const res = iterableResponse(['aaaa', 'bbbb', 'cccc']);
    await expect(readLimited(res, 6)).rejects.toBeInstanceOf(ResponseTooLarge);
    expect(res.cancelled).toBe(true);
  });

  it('counts bytes, not characters, when the body is only available as text', async () => {
    const res: UpstreamResponse = { status: 200, headers: { get: () => null }, text: async () => 'ééé' };
    await expect(readLimited(res, 5)).rejects.toBeInstanceOf(ResponseTooLarge);
    expect(await readLimited(res, 6)).toBe('ééé');
  });
});
