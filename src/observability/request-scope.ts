import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What is known about the inbound request being served. Created by use-request-scope.ts for each HTTP
 * request, reachable from any code running on its behalf (AsyncLocalStorage), filled in as Yoga goes.
 */
export interface RequestScope {
  /** The client's `x-request-id` (when acceptable) or a generated UUID; echoed in the response. */
  readonly requestId: string;
  /** Trace id of the inbound `traceparent` (used for logs when tracing is off). */
  readonly inboundTraceId: string | undefined;
  /** The inbound `traceparent`/`tracestate`, forwarded upstream as is when tracing is off. */
  readonly inboundTraceHeaders: Readonly<Record<string, string>>;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  operationName: string | undefined;
  operationType: string | undefined;
  /** `extensions.code` of each error of the response as sent (use-response-codes.ts). */
  errorCodes: string[];
  /** The client disconnected before the response: it has no error codes (use-response-codes.ts). */
  clientDisconnected: boolean;
  /** Upstream calls made for this request (one per delegated, possibly merged, request). */
  upstreamRequests: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` with `scope` as the current request scope (and everything it awaits or schedules). */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the request being served, if the caller runs on behalf of one. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
