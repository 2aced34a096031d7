import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import { GraphQLError, getOperationAST } from 'graphql';
import { printDocument } from './print-document.ts';
import { spaceGuidOf } from './space-guid.ts';
import { stableJson } from './stable-json.ts';

export interface DedupLayerOptions {
  /**
   * The identity of the credential the call goes upstream with (the Boomi account, and later the
   * user/token scope): part of the key, so two callers with different credentials never share.
   */
  credentialOf: (request: ExecutionRequest) => string;
  /** Merge identical in-flight queries. @default true */
  enabled?: boolean;
  /** Called for each caller that joined a call already in flight (metrics). */
  onShared?: (operation: string) => void;
}

interface Waiter {
  resolve(result: ExecutionResult): void;
  reject(error: unknown): void;
  /** The waiter that sent the call gets the result as is; the others get copies. */
  leader: boolean;
}

interface InFlight {
  key: string;
  waiters: Set<Waiter>;
  controller: AbortController;
}

/**
 * An Executor → Executor layer that merges identical upstream queries in flight into one call.
 * Identical means: same printed document, operation name, variables, SPACE_GUID and credential.
 * Mutations and subscriptions always pass through. Each caller keeps its own abort signal: one
 * caller leaving rejects only that caller; the shared call is aborted once every caller has left.
 * Every caller gets its own copy of the result (data and errors, with their paths), so nothing a
 * caller's delegation does to its result reaches another caller.
 */
export function createDedupLayer(next: Executor, options: DedupLayerOptions): Executor {
  if (options.enabled === false) return next;
  const inFlight = new Map<string, InFlight>();

  return (request: ExecutionRequest) => {
    const operationType = request.operationType ?? getOperationAST(request.document)?.operation;
    const key = operationType === 'query' ? dedupKey(request, options.credentialOf(request)) : undefined;
    if (key === undefined) return next(request);
    const signal = callerSignalOf(request);
    if (signal?.aborted) return Promise.reject(signal.reason);

    let call = inFlight.get(key);
    const leader = call === undefined;
    if (call === undefined) {
      call = { key, waiters: new Set(), controller: new AbortController() };
      inFlight.set(key, call);
      start(call, request);
    } else {
      options.onShared?.(rootFieldName(request));
    }
    return join(call, leader, signal);
  };

  function forget(call: InFlight): void {
    if (inFlight.get(call.key) === call) inFlight.delete(call.key);
  }

  function start(call: InFlight, request: ExecutionRequest): void {
    const settle = (deliver: (waiter: Waiter) => void) => {
      forget(call);
      for (const waiter of call.waiters) deliver(waiter);
      call.waiters.clear();
    };
    // The shared call runs under its own signal: no single caller's abort may cancel it.
    Promise.resolve()
      .then(() => next({ ...request, signal: call.controller.signal }) as Promise<ExecutionResult>)
      .then(
        (result) => settle((w) => w.resolve(w.leader ? result : copyResult(result))),
        (error: unknown) => settle((w) => w.reject(error)),
      );
  }

  function join(call: InFlight, leader: boolean, signal: AbortSignal | undefined): Promise<ExecutionResult> {
    return new Promise<ExecutionResult>((resolve, reject) => {
      const onAbort = () => {
        call.waiters.delete(waiter);
        reject(signal!.reason);
        if (call.waiters.size > 0) return;
        // Nobody waits any more: cancel the upstream call, and let a later caller start afresh.
        forget(call);
        call.controller.abort(signal!.reason);
      };
      const waiter: Waiter = {
        leader,
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      call.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The caller's abort signal: graphql-tools sets `request.signal`; Yoga's context carries the HTTP request. */
export function callerSignalOf(request: ExecutionRequest): AbortSignal | undefined {
  if (request.signal) return request.signal;
  const contextRequest = (request.context as { request?: { signal?: unknown } } | undefined)?.request;
  const signal = contextRequest?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/**
 * The key of a request, or undefined when it must not be shared (its variables hold files or
 * values JSON cannot represent faithfully).
 */
export function dedupKey(request: ExecutionRequest, credential: string): string | undefined {
  const variables = stableJson(request.variables ?? {});
  if (variables === undefined) return undefined;
  return JSON.stringify([
    credential,
    spaceGuidOf(request) ?? null,
    request.operationName ?? null,
    variables,
    printDocument(request.document),
  ]);
}

/** A copy of a result: fresh data objects and fresh error objects (same messages, paths, extensions). */
export function copyResult(result: ExecutionResult): ExecutionResult {
  const copy: ExecutionResult = { ...result, data: copyJson(result.data) as ExecutionResult['data'] };
  if (result.errors) copy.errors = result.errors.map(copyError);
  return copy;
}

/** A copy of a JSON-like value with fresh arrays and objects; with `frozen`, each of them frozen. */
export function copyJson(value: unknown, frozen = false): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => copyJson(item, frozen));
    return frozen ? Object.freeze(items) : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value))
    out[name] = copyJson((value as Record<string, unknown>)[name], frozen);
  return frozen ? Object.freeze(out) : out;
}

function copyError(error: GraphQLError): GraphQLError {
  // Upstream errors reach us normalized into GraphQLErrors; anything else is plain JSON.
  if (!(error instanceof GraphQLError)) return copyJson(error) as GraphQLError;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: [...error.path] } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: copyJson(error.extensions) as Record<string, unknown>,
  });
}

function rootFieldName(request: ExecutionRequest): string {
  const selection = getOperationAST(request.document)?.selectionSet.selections[0];
  return selection?.kind === 'Field' ? selection.name.value : 'unknown';
}
