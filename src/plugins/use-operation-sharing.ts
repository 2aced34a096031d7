import { type ExecutionArgs, type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { responseCacheScope } from '../cache/cache-scope.ts';
import { printDocument } from '../upstream/print-document.ts';
import { sameJson } from '../upstream/same-json.ts';
import { linkSharedExecution } from './shared-executions.ts';
import { type SharedResult, shareResult } from './shared-result.ts';

export interface OperationSharingOptions {
  /** Share identical queries in flight. @default true */
  enabled?: boolean;
  /** Called for each operation that joined one in flight (metrics). */
  onShared?: () => void;
}

type Execute = (args: ExecutionArgs) => unknown;

interface Shared {
  /** The leader's variables: a query joins only with the same (sameJson). */
  variables: unknown;
  /** Settles with the first execution's result for joiners (undefined: run your own). */
  snapshot: Promise<SharedResult | undefined>;
  /** Operations waiting for it: only they need the snapshot (a copy costs CPU on every lone query). */
  joined: number;
  /** The context of the execution (shared-executions.ts links each joined operation to it). */
  context: unknown;
}

/** Executions of one document (and scope, operation name) in flight with distinct variables, at most. */
export const MAX_SHARED_VARIANTS = 16;

/**
 * Identical client queries in flight — same document, operation name, variables and the same scope
 * (account and verified caller, {@link responseCacheScope}) — are executed once: the others wait
 * for that execution and get their own copy of its result (data, partial data and errors with
 * their paths), skipping delegation entirely. This is the client-side twin of the upstream
 * de-duplication layer, which only saves the upstream request. Mutations, subscriptions and
 * incremental (defer/stream) results are never shared. If the first caller goes away (or its
 * execution fails outright), the others execute on their own: no caller depends on another's
 * connection. Executions in flight are found by document key, then by variables compared with
 * {@link sameJson} (no canonical text is built: for 100 `_entities` representations that cost every
 * query 5 KB of string to write and hash); at most {@link MAX_SHARED_VARIANTS} per document key.
 */
export function useOperationSharing(options: OperationSharingOptions): Plugin {
  /** Executions in flight by document key; each variant has its own variables. */
  const inFlight = new Map<string, Shared[]>();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (options.enabled === false) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      const key = sharingKey(args);
      const variables = args.variableValues ?? {};
      const variants = inFlight.get(key);
      const shared = variants?.find((candidate) => sameJson(variables, candidate.variables));
      if (shared) {
        shared.joined++;
        linkSharedExecution(args.contextValue, shared.context);
        options.onShared?.();
        setExecuteFn((own) =>
          shared.snapshot.then((snapshot) => (snapshot ? snapshot.forJoiner() : (executeFn as Execute)(own))),
        );
        return;
      }
      // Past the bound a query runs alone, unshared (variables that equal nothing, a file, are
      // registered all the same: no query will join them, and walking them here costs every query).
      if ((variants?.length ?? 0) >= MAX_SHARED_VARIANTS) return;
      setExecuteFn((own) => lead(key, own, executeFn as Execute));
    },
  };

  function lead(key: string, args: ExecutionArgs, execute: Execute): Promise<unknown> {
    let settle!: (snapshot: SharedResult | undefined) => void;
    const shared: Shared = {
      variables: args.variableValues ?? {},
      snapshot: new Promise((resolve) => (settle = resolve)),
      joined: 0,
      context: args.contextValue,
    };
    const variants = inFlight.get(key);
    if (variants) variants.push(shared);
    else inFlight.set(key, [shared]);
    const signal = signalOf(args.contextValue);
    const done = (snapshot: SharedResult | undefined) => {
      leave(key, shared);
      settle(snapshot);
    };
    return Promise.resolve()
      .then(() => execute(args))
      .then(
        (result) => {
          // A result computed for a caller that left may hold its abort errors: the others run their own.
          const usable = shared.joined > 0 && isPlainResult(result) && !signal?.aborted;
          done(usable ? shareResult(result) : undefined);
          return result;
        },
        (error: unknown) => {
          done(undefined);
          throw error;
        },
      );
  }

  function leave(key: string, shared: Shared): void {
    const variants = inFlight.get(key);
    if (!variants) return;
    const rest = variants.filter((candidate) => candidate !== shared);
    if (rest.length > 0) inFlight.set(key, rest);
    else inFlight.delete(key);
  }
}

/** The key of a document in one scope: the variables are compared, not keyed (sameJson). */
function sharingKey(args: ExecutionArgs): string {
  return joinKey(responseCacheScope(args.contextValue), args.operationName, printDocument(args.document));
}

/**
 * The sharing key of its parts, injective: the scope and the operation name prefixed by their
 * length and the document text last, so no part needs escaping. An absent operation name is '', a
 * given one (even '') starts with '='.
 */
export function joinKey(scope: string, operationName: string | null | undefined, text: string): string {
  const name = operationName == null ? '' : `=${operationName}`;
  return `${scope.length}:${scope}${name.length}:${name}${text}`;
}

function signalOf(context: unknown): AbortSignal | undefined {
  const signal = (context as { request?: { signal?: unknown } } | undefined)?.request?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

function isPlainResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}
