import type { Executor } from '@graphql-tools/utils';
import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  isObjectType,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SpaceEntityCache } from '../cache/entity-cache.ts';
import type { SubgraphContext } from '../subgraph/context.ts';
import { directAnswer } from '../subgraph/direct-answer.ts';
import {
  answerEntities,
  type EntityAnswerOptions,
  type EntityPlan,
  entityPlan,
} from '../subgraph/entity-pass-through.ts';
import { type Fetched, fetchQuery } from '../subgraph/fetch-query.ts';
import { type PassThroughRules, passThroughDocument } from '../subgraph/pass-through-eligibility.ts';
import type { EntityPrefetch } from '../subgraph/prefetched-entities.ts';
import { prefetchedRoot, type UpstreamOutcome } from '../subgraph/prefetched-roots.ts';
import { spacesByIdsExecutor } from '../subgraph/spaces-by-ids.ts';
import { type RootShare, rootShares, splitUpstreamAnswer } from '../subgraph/split-upstream-answer.ts';
import { validatingExecutor } from '../upstream/validate-result.ts';

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
  /**
   * `_entities` of Spaces (src/subgraph/entity-pass-through.ts); without it they take the normal path.
   * The prefetch must be the one the schema's Space batches answer from (buildSpacesSchema `entityPrefetch`).
   */
  entities?: {
    spaceTypeName: string;
    spaceQueryField: 'space' | 'Space';
    prefetch: EntityPrefetch;
    maxBatchSize: number;
    onBatch?: (size: number) => void;
    /** Per-entity entries of the response cache (src/cache/entity-cache.ts), when it is on. */
    cache?: SpaceEntityCache;
  };
}

type Execute = (args: ExecutionArgs) => unknown;

type DocumentPlan = Extract<Plan, { kind: 'document' }>;

/**
 * For an operation of a client document: the document sent upstream and its root shares, an
 * `_entities` batch of Spaces, or null: delegate it.
 */
type Plan =
  | { kind: 'document'; document: DocumentNode; shares: RootShare[] }
  | { kind: 'entities'; entities: EntityPlan }
  | null;

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
  // Built with the published schema, which only execution hands over.
  let entities: EntityAnswerOptions | undefined;
  const batches =
    options.entities &&
    spacesByIdsExecutor(validatingExecutor(options.executor, options.upstreamSchema), {
      spaceQueryField: options.entities.spaceQueryField,
      ...(options.entities.cache ? { entityCache: options.entities.cache } : {}),
    });

  function planFor(args: ExecutionArgs): Plan {
    const document = passThroughDocument(args.document, args.operationName, args.schema, options.rules);
    if (document) return { kind: 'document', document, shares: rootShares(document, args.operationName) };
    if (options.entities && batches)
      entities ??= entityAnswerOptions(args.schema, batches, options.rules, options.entities);
    if (!entities) return null;
    const plan = entityPlan(
      args.document,
      args.operationName,
      args.schema,
      options.rules,
      entities.spaceType.name,
    );
    return plan ? { kind: 'entities', entities: plan } : null;
  }

  function planOf(args: ExecutionArgs): Plan {
    let byOperation = plans.get(args.document);
    if (!byOperation) {
      byOperation = new Map();
      plans.set(args.document, byOperation);
    }
    const name = args.operationName ?? '';
    let plan = byOperation.get(name);
    if (plan === undefined) {
      plan = planFor(args);
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
    if (plan.kind === 'entities')
      return answerEntities(args, plan.entities, coerced.coerced, entities!, execute);
    const fetched = await fetchQuery(options.executor, args, plan.document, args.variableValues ?? {});
    if ('result' in fetched && !fetched.result.errors?.length) {
      const data = directAnswer({
        schema: args.schema,
        document: args.document,
        operationName: args.operationName,
        variables: coerced.coerced,
        data: fetched.result.data,
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

  /** The answer as delegation's shares (or the executor's error): what the query fields answer from. */
  function outcomeOf(
    fetched: Fetched,
    plan: DocumentPlan,
    variables: Record<string, unknown>,
  ): UpstreamOutcome {
    if ('error' in fetched) return fetched;
    try {
      return { results: splitUpstreamAnswer(fetched.result, plan.shares, variables, options.upstreamSchema) };
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

function entityAnswerOptions(
  schema: GraphQLSchema,
  batches: Executor,
  rules: PassThroughRules,
  entities: NonNullable<PassThroughOptions['entities']>,
): EntityAnswerOptions | undefined {
  const spaceType = schema.getType(entities.spaceTypeName);
  if (!isObjectType(spaceType)) return undefined;
  return {
    batches,
    prefetch: entities.prefetch,
    spaceType,
    maxBatchSize: entities.maxBatchSize,
    computed: rules.computed,
    ...(entities.onBatch ? { onBatch: entities.onBatch } : {}),
  };
}
