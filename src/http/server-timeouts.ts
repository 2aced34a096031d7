import { CONFIG_DEFAULTS } from '../config.ts';

/**
 * Timeouts of the inbound HTTP server (issue #9, slowloris): a client that trickles its headers or
 * body, or parks an idle keep-alive connection, is disconnected instead of holding a socket forever.
 */
export interface HttpTimeouts {
  /** Time allowed to receive a request's headers (Node `headersTimeout`). @default 10000 */
  headersTimeoutMs: number;
  /** Time allowed to receive a whole request, body included (Node `requestTimeout`). @default 30000 */
  requestTimeoutMs: number;
  /**
   * Idle time after which a keep-alive connection is closed (Node `keepAliveTimeout`). Longer than the
   * idle timeout of the load balancers and gateways in front (AWS ALB: 60 s), so they close first and
   * never reuse a connection we are closing. @default 65000
   */
  keepAliveTimeoutMs: number;
}

/** The defaults (declared once, in the configuration schema). */
export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = Object.freeze({
  headersTimeoutMs: CONFIG_DEFAULTS.http.headersTimeoutMs,
  requestTimeoutMs: CONFIG_DEFAULTS.http.requestTimeoutMs,
  keepAliveTimeoutMs: CONFIG_DEFAULTS.http.keepAliveTimeoutMs,
});

/** Options of `http.createServer` that enforce the timeouts. */
export function serverTimeoutOptions(timeouts: HttpTimeouts): {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    throw new Error(
      `HTTP_HEADERS_TIMEOUT_MS (${timeouts.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${timeouts.requestTimeoutMs})`,
    );
  }
  return {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    // Node checks the headers and request timeouts on this interval (30 s by default, which would
    // let a slow client keep its socket up to 30 s past the timeout): check four times per timeout.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersTimeoutMs / 4))),
  };
}
