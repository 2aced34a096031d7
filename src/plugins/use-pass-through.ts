import type { ExecutionResult, Executor } from '@graphql-tools/utils';
import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SubgraphContext } from '../subgraph/context.ts';
import { directAnswer } from '../subgraph/direct-answer.ts';
import { type PassThroughRules, passThroughDocument } from '../subgraph/pass-through-eligibility.ts';
import { prefetchedRoot, type UpstreamOutcome } from '../subgraph/prefetched-roots.ts';
import { type RootShare, rootShares, splitUpstreamAnswer } from '../subgraph/split-upstream-answer.ts';

export interface PassThroughOptions {
  /**
   * The executor under the schema's result validation (batching → de-duplication → upstream stack):
   * the answer is validated per root field here, as the validating executor checks each delegation.
   */
  executor: Executor;
  /** The upstream schema answers are validated against. */
  upstreamSchema: GraphQLSchema;
  /** What may pass through (passThroughRules over the published and upstream schemas). */
  rules: PassThroughRules;
  /** Send eligible queries upstream as they are (UPSTREAM_PASS_THROUGH). @default true */
  enabled?: boolean;
}

type Execute = (args: ExecutionArgs) => unknown;

/** The upstream executor's answer for the whole operation, or what it threw. */
type Fetched = { answer: ExecutionResult } | { error: unknown };

/** For an operation of a client document: the document sent upstream and its root shares, or null: delegate it. */
type Plan = { document: DocumentNode; shares: RootShare[] } | null;

/**
 * The pass-through fast path (issue #11 item 3): a query that selects only upstream fields published
 * unchanged (src/subgraph/pass-through-eligibility.ts), and the computed fields derived from them, is sent
 * upstream as the client wrote it (each computed field replaced by the upstream fields it needs) —
 * one request through the executor delegation uses — instead of being planned and rewritten by
 * delegation root field by root field. An answer without errors whose values execution would only
 * copy becomes the response directly (src/subgraph/direct-answer.ts); any other is handed to the normal
 * execution as its root value, and the query fields answer from it through delegation's own result
 * handling (src/subgraph/prefetched-roots.ts), so clients get the response the normal path gives.
 *
 * Eligibility is decided once per parsed document (Yoga's parser cache hands the same DocumentNode
 * to repeated texts). Registered before the response cache and operation sharing: a cache hit
 * replaces this execution, and a shared execution runs it once.
 */
export function usePassThrough(options: PassThroughOptions): Plugin {
  const plans = new WeakMap<DocumentNode, Map<string, Plan>>();

  function planOf(args: ExecutionArgs): Plan {
    let byOperation = plans.get(args.document);
    if (!byOperation) {
      byOperation = new Map();
      plans.set(args.document, byOperation);
    }
    const name = args.operationName ?? '';
    let plan = byOperation.get(name);
    if (plan === undefined) {
      const document = passThroughDocument(args.document, args.operationName, args.schema, options.rules);
      plan = document ? { document, shares: rootShares(document, args.operationName) } : null;
      byOperation.set(name, plan);
    }
    return plan;
  }

  async function passThrough(args: ExecutionArgs, execute: Execute): Promise<unknown> {
    // Plugins after this one may hand over another document (the response cache adds `__typename` and
    // `id` selections to it): the plan is the one of the document executed.
    const plan = planOf(args);
    if (plan === null) return execute(args);
    // Variables graphql-js will refuse: let execution report them, without an upstream call.
    const operation = getOperationAST(args.document, args.operationName);
    const coerced = getVariableValues(
      args.schema,
      operation?.variableDefinitions ?? [],
      args.variableValues ?? {},
      {
        maxErrors: 1,
      },
    );
    if (coerced.errors) return execute(args);
    const fetched = await fetchUpstream(args, plan);
    if ('answer' in fetched && !fetched.answer.errors?.length) {
      const data = directAnswer({
        schema: args.schema,
        document: args.document,
        operationName: args.operationName,
        variables: coerced.coerced,
        data: fetched.answer.data,
        computed: options.rules.computed,
        context: args.contextValue as SubgraphContext,
      });
      if (data) return { data };
    }
    return execute({
      ...args,
      rootValue: prefetchedRoot(outcomeOf(fetched, plan, args.variableValues ?? {})),
    });
  }

  async function fetchUpstream(args: ExecutionArgs, plan: NonNullable<Plan>): Promise<Fetched> {
    try {
      const result = await options.executor({
        document: plan.document,
        variables: args.variableValues ?? {},
        ...(args.operationName ? { operationName: args.operationName } : {}),
        operationType: 'query' as never,
        context: args.contextValue as Record<string, unknown>,
      });
      if (Symbol.asyncIterator in (result as object))
        throw new Error('The upstream answered a query incrementally');
      return { answer: result as ExecutionResult };
    } catch (error) {
      return { error };
    }
  }

  /** The answer as delegation's shares (or the executor's error): what the query fields answer from. */
  function outcomeOf(
    fetched: Fetched,
    plan: NonNullable<Plan>,
    variables: Record<string, unknown>,
  ): UpstreamOutcome {
    if ('error' in fetched) return fetched;
    try {
      return { results: splitUpstreamAnswer(fetched.answer, plan.shares, variables, options.upstreamSchema) };
    } catch (error) {
      return { error };
    }
  }

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (options.enabled === false) return;
      if (planOf(args) === null) return;
      setExecuteFn((own) => passThrough(own, executeFn as Execute));
    },
  };
}
