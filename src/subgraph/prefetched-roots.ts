/**
 * Query root fields that can answer from an upstream result fetched beforehand (the pass-through
 * fast path, src/plugins/use-pass-through.ts). The upstream answer then goes through exactly the
 * code delegation's own answer goes through — graphql-tools' `Transformer.transformResult` (the
 * subschema's result transforms, error merging and relocation, external objects) and graphql-js
 * completion (null bubbling, serialization, error locations) — so the response is the one the
 * normal path gives for the same upstream answer; only the request side of delegation is skipped.
 */
import { type Subschema, Transformer } from '@graphql-tools/delegate';
import type { ExecutionResult } from '@graphql-tools/utils';
import {
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  OperationTypeNode,
} from 'graphql';

/**
 * What the upstream gave for the whole operation: per root response key, the result delegation would
 * have received for that field (src/subgraph/split-upstream-answer.ts), or what the executor threw.
 */
export type UpstreamOutcome = { results: ReadonlyMap<string, ExecutionResult> } | { error: unknown };

const OUTCOME = Symbol('prefetched upstream outcome');

interface PrefetchedRoot {
  [OUTCOME]: UpstreamOutcome;
}

/** The root value that makes the query fields answer from `outcome` instead of delegating. */
export function prefetchedRoot(outcome: UpstreamOutcome): object {
  return { [OUTCOME]: outcome } satisfies PrefetchedRoot;
}

function outcomeOf(root: unknown): UpstreamOutcome | undefined {
  return typeof root === 'object' && root !== null ? (root as Partial<PrefetchedRoot>)[OUTCOME] : undefined;
}

/**
 * Wraps every query field's resolver (in place: the schema object Yoga serves stays the same) so
 * that, under a {@link prefetchedRoot}, it answers from the prefetched outcome as delegation would
 * have answered from its own upstream call. Any other root value delegates as before.
 */
export function answerFromPrefetchedRoots(schema: GraphQLSchema, subschema: Subschema): void {
  const queryType = schema.getQueryType();
  if (!queryType) return;
  for (const field of Object.values(queryType.getFields())) {
    const original = field.resolve;
    if (!original) continue;
    const resolve: GraphQLFieldResolver<unknown, unknown> = (root, args, context, info) => {
      const outcome = outcomeOf(root);
      if (outcome === undefined) return original(root, args, context, info);
      // Delegation answers asynchronously: so do we, so errors are collected in the same order.
      return Promise.resolve().then(() => fromOutcome(outcome, subschema, context, info, args));
    };
    field.resolve = resolve;
  }
}

function fromOutcome(
  outcome: UpstreamOutcome,
  subschema: Subschema,
  context: unknown,
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
): unknown {
  if ('error' in outcome) throw outcome.error;
  const result = outcome.results.get(info.path.key as string) ?? { data: null };
  const transformer = new Transformer({
    subschema,
    subschemaConfig: subschema,
    targetSchema: subschema.schema,
    operation: OperationTypeNode.QUERY,
    // Delegation drops the root alias: the share is keyed by the field name.
    fieldName: info.fieldName,
    args,
    context: context as Record<string, unknown>,
    info,
    returnType: info.returnType,
    transforms: subschema.transforms,
    transformedSchema: subschema.transformedSchema,
    skipTypeMerging: false,
  });
  return transformer.transformResult(result);
}
