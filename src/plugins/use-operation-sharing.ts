import { type ExecutionArgs, type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { responseCacheScope } from '../cache/cache-scope.ts';
import { copyResult } from '../upstream/dedup-layer.ts';
import { printDocument } from '../upstream/print-document.ts';
import { stableJson } from '../upstream/stable-json.ts';
import { linkSharedExecution } from './shared-executions.ts';

export interface OperationSharingOptions {
  /** Share identical queries in flight. @default true */
  enabled?: boolean;
  /** Called for each operation that joined one in flight (metrics). */
  onShared?: () => void;
}

type Execute = (args: ExecutionArgs) => unknown;

interface Shared {
  /** Settles with a private snapshot of the first execution's result (undefined: run your own). */
  snapshot: Promise<ExecutionResult | undefined>;
  /** Operations waiting for it: only they need the snapshot (a copy costs CPU on every lone query). */
  joined: number;
  /** The context of the execution (shared-executions.ts links each joined operation to it). */
  context: unknown;
}

/**
 * Identical client queries in flight — same document, operation name, variables and the same scope
 * (account and verified caller, {@link responseCacheScope}) — are executed once: the others wait
 * for that execution and get their own copy of its result (data, partial data and errors with
 * their paths), skipping delegation entirely. This is the client-side twin of the upstream
 * de-duplication layer, which only saves the upstream request. Mutations, subscriptions and
 * incremental (defer/stream) results are never shared. If the first caller goes away (or its
 * execution fails outright), the others execute on their own: no caller depends on another's
 * connection.
 */
export function useOperationSharing(options: OperationSharingOptions): Plugin {
  const inFlight = new Map<string, Shared>();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (options.enabled === false) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      const key = sharingKey(args);
      if (key === undefined) return;
      const shared = inFlight.get(key);
      if (shared) {
        shared.joined++;
        linkSharedExecution(args.contextValue, shared.context);
        options.onShared?.();
        setExecuteFn((own) =>
          shared.snapshot.then((snapshot) => (snapshot ? copyResult(snapshot) : (executeFn as Execute)(own))),
        );
        return;
      }
      setExecuteFn((own) => lead(key, own, executeFn as Execute));
    },
  };

  function lead(key: string, args: ExecutionArgs, execute: Execute): Promise<unknown> {
    let settle!: (snapshot: ExecutionResult | undefined) => void;
    const shared: Shared = {
      snapshot: new Promise((resolve) => (settle = resolve)),
      joined: 0,
      context: args.contextValue,
    };
    inFlight.set(key, shared);
    const signal = signalOf(args.contextValue);
    const done = (snapshot: ExecutionResult | undefined) => {
      inFlight.delete(key);
      settle(snapshot);
    };
    return Promise.resolve()
      .then(() => execute(args))
      .then(
        (result) => {
          // A result computed for a caller that left may hold its abort errors: the others run their own.
          const usable = shared.joined > 0 && isPlainResult(result) && !signal?.aborted;
          done(usable ? copyResult(result) : undefined);
          return result;
        },
        (error: unknown) => {
          done(undefined);
          throw error;
        },
      );
  }
}

function sharingKey(args: ExecutionArgs): string | undefined {
  const variables = stableJson(args.variableValues ?? {});
  if (variables === undefined) return undefined;
  return joinKey(
    responseCacheScope(args.contextValue),
    args.operationName,
    printDocument(args.document),
    variables,
  );
}

/**
 * The sharing key of its parts, injective: the first three prefixed by their length and the
 * variables' JSON last, so no part needs escaping (JSON-encoding them re-escaped every quote of the
 * variables: 100 `_entities` representations are some 5 KB). An absent operation name is '', a
 * given one (even '') starts with '='.
 */
export function joinKey(
  scope: string,
  operationName: string | null | undefined,
  text: string,
  variables: string,
): string {
  const name = operationName == null ? '' : `=${operationName}`;
  return `${scope.length}:${scope}${name.length}:${name}${text.length}:${text}${variables}`;
}

function signalOf(context: unknown): AbortSignal | undefined {
  const signal = (context as { request?: { signal?: unknown } } | undefined)?.request?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

function isPlainResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}
