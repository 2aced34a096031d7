import { Agent, type Dispatcher, type FormData, fetch as undiciFetch } from 'undici';

/** The part of an HTTP response the executor reads. Both WHATWG `Response`s and ours satisfy it. */
export interface UpstreamResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /**
   * The body as a byte stream (a WHATWG ReadableStream or an async iterable), read with a size limit;
   * `cancel()` discards the rest (closing the connection when needed).
   */
  body?:
    | ((AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>) & { cancel(): Promise<void> | void })
    | null;
}

/** One upstream HTTP call. Tests inject a WHATWG `fetch` (or a wrapper of it) with this shape. */
export type UpstreamFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string | FormData; signal: AbortSignal },
) => Promise<UpstreamResponse>;

export interface HttpTransportOptions {
  /** Keep-alive connections per upstream origin. @default 32 */
  connections?: number;
  /** Idle time before a kept-alive connection is closed. @default 30000 */
  keepAliveTimeoutMs?: number;
}

/** A keep-alive HTTP transport and the connection pool it owns. */
export interface HttpTransport {
  fetch: UpstreamFetch;
  close(): Promise<void>;
}

/**
 * The default transport: undici's `request` API over a keep-alive Agent for JSON bodies (it skips
 * the WHATWG Request/Response/stream machinery, a large part of fetch's CPU cost per call), and
 * undici's `fetch` for multipart bodies, which streams `FormData` file parts.
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  let agent: Agent | undefined;
  const pool = () => {
    agent ??= new Agent({
      connections: options.connections ?? 32,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      keepAliveMaxTimeout: 60_000,
    });
    return agent;
  };

  return {
    async fetch(url, init) {
      if (typeof init.body !== 'string') {
        return undiciFetch(url, { ...init, dispatcher: pool() as Dispatcher });
      }
      const target = new URL(url);
      const response = await pool().request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: init.signal,
      });
      return {
        status: response.statusCode,
        headers: {
          get(name) {
            const value = response.headers[name.toLowerCase()];
            if (value === undefined) return null;
            return Array.isArray(value) ? value.join(', ') : String(value);
          },
        },
        text: () => response.body.text(),
        body: {
          [Symbol.asyncIterator]: () => response.body[Symbol.asyncIterator](),
          // Destroying closes the connection: draining a too-large body would read what we refuse.
          cancel: () => {
            response.body.destroy();
          },
        },
      };
    },
    async close() {
      await agent?.close();
    },
  };
}
