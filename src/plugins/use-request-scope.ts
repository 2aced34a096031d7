import { type DocumentNode, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { requestIdFrom, traceIdFrom } from '../observability/request-id.ts';
import { type RequestScope, runInRequestScope } from '../observability/request-scope.ts';

export interface RequestScopeOptions {
  /** Header carrying the request id, read from the request and echoed in the response. @default 'x-request-id' */
  header?: string;
}

const scopes = new WeakMap<Request, RequestScope>();

/** The scope use-request-scope created for `request` (for plugins that run after the response). */
export function requestScopeOf(request: Request): RequestScope | undefined {
  return scopes.get(request);
}

/**
 * Gives every HTTP request a scope (request id, inbound trace context, operation; the error codes are
 * recorded by use-response-codes.ts, after error normalization) and runs
 * its handling inside it, so log lines and upstream calls made on its behalf carry its request id. The id
 * comes from `x-request-id` when acceptable (see request-id.ts), else it is generated; it is echoed in
 * the response.
 */
export function useRequestScope(options: RequestScopeOptions = {}): Plugin {
  const header = options.header ?? 'x-request-id';
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const scope = createScope(request, header);
        scopes.set(request, scope);
        return runInRequestScope(scope, wrapped);
      },
    },
    onParams({ request, params }) {
      const scope = scopes.get(request);
      if (scope && typeof params.operationName === 'string') scope.operationName = params.operationName;
    },
    onParse({ context }) {
      const request = (context as { request?: Request }).request;
      const scope = request ? scopes.get(request) : undefined;
      if (!scope) return;
      return ({ result }) => {
        if (result instanceof Error || !result || !('definitions' in result)) return;
        const operation = getOperationAST(result as DocumentNode, scope.operationName);
        if (!operation) return;
        scope.operationType = operation.operation;
        scope.operationName = operation.name?.value;
      };
    },
    onResponse({ request, response }) {
      const scope = scopes.get(request);
      if (scope) response.headers.set(header, scope.requestId);
    },
  };
}

function createScope(request: Request, header: string): RequestScope {
  const traceparent = request.headers.get('traceparent');
  const inboundTraceId = traceIdFrom(traceparent);
  const tracestate = request.headers.get('tracestate');
  const inboundTraceHeaders: Record<string, string> = {};
  if (inboundTraceId !== undefined && traceparent !== null) {
    inboundTraceHeaders.traceparent = traceparent.trim();
    if (tracestate !== null && tracestate.length <= 512) inboundTraceHeaders.tracestate = tracestate;
  }
  return {
    requestId: requestIdFrom(request.headers.get(header)),
    inboundTraceId,
    inboundTraceHeaders,
    startedAt: performance.now(),
    operationName: undefined,
    operationType: undefined,
    errorCodes: [],
    clientDisconnected: false,
    upstreamRequests: 0,
  };
}
