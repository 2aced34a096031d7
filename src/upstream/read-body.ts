import type { UpstreamResponse } from './transport.ts';

/** The body was larger than the limit; reading stopped there. */
export class ResponseTooLarge extends Error {
  override name = 'ResponseTooLarge';
  constructor(readonly limit: number) {
    super(`upstream response exceeds the ${limit} byte limit`);
  }
}

/**
 * Reads a response body as UTF-8 text, stopping as soon as more than `limit` bytes have arrived, whatever
 * `content-length` says (chunked answers have none). A declared length over the limit is refused before
 * reading. On refusal the rest of the body is discarded (the connection is closed, not drained).
 */
export async function readLimited(response: UpstreamResponse, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await discard(response);
    throw new ResponseTooLarge(limit);
  }
  const body = response.body;
  if (!body || !isByteSource(body)) {
    const text = await response.text();
    if (Buffer.byteLength(text) > limit) throw new ResponseTooLarge(limit);
    return text;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of toIterable(body)) {
    size += chunk.byteLength;
    if (size > limit) {
      await discard(response);
      throw new ResponseTooLarge(limit);
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

function isByteSource(body: unknown): body is ByteSource {
  return (
    typeof body === 'object' &&
    body !== null &&
    (Symbol.asyncIterator in body || typeof (body as ReadableStream).getReader === 'function')
  );
}

async function* toIterable(body: ByteSource): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in body) {
    yield* body as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function discard(response: UpstreamResponse): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already closed or errored: nothing left to discard.
  }
}
