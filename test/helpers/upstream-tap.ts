import { fetch as undiciFetch } from 'undici';
import type { UpstreamFetch } from '../../src/upstream/transport.ts';

/** One upstream call seen by an {@link UpstreamTap}. */
export interface TappedCall {
  /** Request headers as the executor built them (before any override). */
  headers: Record<string, string>;
  /** The request body as sent (JSON text; empty for multipart bodies). */
  requestBody: string;
  /** Authorization header actually sent (after any override). */
  sentAuthorization: string | undefined;
  status: number;
  /** The upstream's response body, as received. */
  responseText: string;
}

/**
 * An `upstreamFetch` for `startStack({ server: { upstreamFetch: tap.fetch } })` that forwards to the
 * simulator with undici, records every call (headers and response text), and lets a test rewrite
 * the Authorization header or the response body. Buffers the response, so it is not for tests of
 * streaming or aborts mid-body.
 */
export interface UpstreamTap {
  fetch: UpstreamFetch;
  calls: TappedCall[];
  /** Returns the Authorization value to send instead, or undefined to keep it. Reset to undefined to stop. */
  overrideAuthorization: ((authorization: string, callIndex: number) => string | undefined) | undefined;
  /** Returns a replacement body (same status), or undefined to keep it. */
  rewriteResponse: ((text: string, status: number, callIndex: number) => string | undefined) | undefined;
}

/** Creates an {@link UpstreamTap}. */
export function createUpstreamTap(): UpstreamTap {
  const tap: UpstreamTap = {
    calls: [],
    overrideAuthorization: undefined,
    rewriteResponse: undefined,
    async fetch(url, init) {
      const index = tap.calls.length;
      const headers = { ...init.headers };
      const original = headers.authorization ?? '';
      const replacement = tap.overrideAuthorization?.(original, index);
      const sent = { ...headers, ...(replacement === undefined ? {} : { authorization: replacement }) };
      const call: TappedCall = {
        headers,
        requestBody: typeof init.body === 'string' ? init.body : '',
        sentAuthorization: sent.authorization,
        status: 0,
        responseText: '',
      };
      tap.calls.push(call);
      const response = await undiciFetch(url, { ...init, headers: sent });
      const text = await response.text();
      call.status = response.status;
      call.responseText = text;
      const body = tap.rewriteResponse?.(text, response.status, index) ?? text;
      const outHeaders = new Headers();
      response.headers.forEach((value, key) => {
        if (key !== 'content-length' && key !== 'content-encoding') outHeaders.set(key, value);
      });
      return new Response(body, { status: response.status, headers: outHeaders });
    },
  };
  return tap;
}
