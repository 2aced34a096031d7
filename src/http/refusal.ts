import { GraphQLError } from 'graphql';
import type { CanonicalCode } from '../errors/catalog.ts';
import { subgraphError } from '../errors/subgraph-error.ts';

/** Errors created by {@link httpRefusal}: the error normalizer must not log them as upstream failures. */
const refusals = new WeakSet<GraphQLError>();

export interface HttpRefusalOptions {
  /** HTTP status of the response. */
  status: number;
  /** Client-facing message. @default the catalog message of the code */
  message?: string;
  /** Response headers (e.g. `www-authenticate`). @default none */
  headers?: Record<string, string>;
}

/**
 * A request refused at the front door (authentication, CSRF): a catalog error carrying the HTTP status
 * Yoga answers with. Thrown from a request hook, it becomes a GraphQL error body like any other.
 */
export function httpRefusal(code: CanonicalCode, options: HttpRefusalOptions): GraphQLError {
  const base = subgraphError(code, options.message === undefined ? {} : { message: options.message });
  const error = new GraphQLError(base.message, {
    extensions: {
      ...base.extensions,
      http: { status: options.status, ...(options.headers ? { headers: options.headers } : {}) },
    },
  });
  refusals.add(error);
  return error;
}

/** True for errors made by {@link httpRefusal}. */
export function isHttpRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && refusals.has(error);
}

/** The same refusal as a complete response, for endpoints outside GraphQL (`/metrics`). */
export function refusalResponse(error: GraphQLError, ResponseClass: typeof Response = Response): Response {
  const { http, ...extensions } = error.extensions as {
    http?: { status?: number; headers?: Record<string, string> };
  };
  return new ResponseClass(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
    status: http?.status ?? 400,
    headers: { 'content-type': 'application/json; charset=utf-8', ...http?.headers },
  });
}
