/**
 * `_entities` of Spaces through the pass-through fast path (src/plugins/use-pass-through.ts): when the
 * field's selection is only `__typename` and fragments on Space over fields the fast path may send
 * (pass-through-eligibility.ts, computed fields included), the representations' ids go upstream as
 * one `_spacesByIds(ids:)` batch — the same aliased `space(id:)` request the normal path's DataLoader
 * batch sends (spaces-by-ids.ts) — without delegation, DataLoader or abstract-type resolution.
 */
import type { Executor } from '@graphql-tools/utils';
import {
  type DefinitionNode,
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import type { SubgraphContext } from './context.ts';
import { directEntities } from './direct-answer.ts';
import { fetchQuery } from './fetch-query.ts';
import { type PassThroughRules, passThroughDocument } from './pass-through-eligibility.ts';
import type { EntityPrefetch, PrefetchedBatch } from './prefetched-entities.ts';
import { SPACES_BY_IDS_FIELD } from './spaces-by-ids.ts';

/** The variable that carries the ids of the batch (refused in a client document). */
export const IDS_VARIABLE = 'fastPathSpaceIds';

export interface EntityPlan {
  /** Response key of the `_entities` field. */
  key: string;
  /** The `_entities` field node (the direct answer completes its selection). */
  field: FieldNode;
  /** The `representations` argument: a variable or a literal list. */
  representations: ValueNode;
  /** `_spacesByIds(ids: $fastPathSpaceIds) { …the selection, computed fields replaced }` and its fragments. */
  document: DocumentNode;
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

/** The plan of an `_entities` operation of Spaces, or undefined: the normal path resolves it. */
export function entityPlan(
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  rules: PassThroughRules,
  spaceTypeName: string,
): EntityPlan | undefined {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query' || operation.selectionSet.selections.length !== 1) return undefined;
  const field = operation.selectionSet.selections[0]!;
  if (field.kind !== Kind.FIELD || field.name.value !== '_entities' || field.directives?.length)
    return undefined;
  const representations = field.arguments?.find((a) => a.name.value === 'representations')?.value;
  if (!representations || !field.selectionSet) return undefined;
  if (!onlySpaceSelections(field.selectionSet, document, spaceTypeName)) return undefined;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.some((d) => d.variable.name.value === IDS_VARIABLE)) return undefined;
  const representationsVariable =
    representations.kind === Kind.VARIABLE ? representations.name.value : undefined;
  // The same selection under a field of Space, so the fast path's own rules decide and rewrite it.
  const probe: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: definitions.filter((d) => d.variable.name.value !== representationsVariable),
    selectionSet: selectionSet([
      { kind: Kind.FIELD, name: name('spaces'), selectionSet: field.selectionSet },
    ]),
  };
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const sent = passThroughDocument(
    { kind: Kind.DOCUMENT, definitions: [probe, ...fragments] },
    operationName,
    schema,
    rules,
  );
  if (!sent) return undefined;
  return {
    key: field.alias?.value ?? field.name.value,
    field,
    representations,
    document: batchDocument(sent, operationName),
  };
}

function selectionSet(selections: SelectionSetNode['selections']): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

/** `__typename`, and fragments (inline or named) on Space only: what selects anything of a Space. */
function onlySpaceSelections(set: SelectionSetNode, document: DocumentNode, spaceTypeName: string): boolean {
  return set.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename';
    if (selection.kind === Kind.INLINE_FRAGMENT) return selection.typeCondition?.name.value === spaceTypeName;
    const fragment = document.definitions.find(
      (d): d is FragmentDefinitionNode =>
        d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
    );
    return fragment?.typeCondition.name.value === spaceTypeName;
  });
}

/** The probe as sent (`{ spaces { … } }`), turned into the `_spacesByIds` batch document. */
function batchDocument(sent: DocumentNode, operationName: string | null | undefined): DocumentNode {
  const operation = getOperationAST(sent, operationName)!;
  const spaces = operation.selectionSet.selections[0] as FieldNode;
  const ids = { kind: Kind.VARIABLE, name: name(IDS_VARIABLE) } as const;
  const idList = {
    kind: Kind.NON_NULL_TYPE,
    type: {
      kind: Kind.LIST_TYPE,
      type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: name('ID') } },
    },
  } as const;
  const batch: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []),
      { kind: Kind.VARIABLE_DEFINITION, variable: ids, type: idList },
    ],
    selectionSet: selectionSet([
      {
        kind: Kind.FIELD,
        name: name(SPACES_BY_IDS_FIELD),
        arguments: [{ kind: Kind.ARGUMENT, name: name('ids'), value: ids }],
        ...(spaces.selectionSet ? { selectionSet: spaces.selectionSet } : {}),
      },
    ]),
  };
  const definitions: DefinitionNode[] = sent.definitions.map((d) => (d === operation ? batch : d));
  return { kind: Kind.DOCUMENT, definitions };
}

/** The representations of a plan's `_entities`, from the coerced variables. */
export function representationsOf(plan: EntityPlan, variables: Record<string, unknown>): unknown {
  return valueFromASTUntyped(plan.representations, variables);
}

/**
 * The distinct ids of the representations, in order of first appearance (as the normal path's
 * DataLoader batches them), when every one is a Space the normal path would look up; else undefined.
 */
export function spaceIdsOf(representations: unknown, spaceTypeName: string): string[] | undefined {
  if (!Array.isArray(representations)) return undefined;
  const ids = new Set<string>();
  for (const r of representations) {
    if (typeof r !== 'object' || r === null) return undefined;
    const { __typename: typename, id } = r as { __typename?: unknown; id?: unknown };
    if (typename !== spaceTypeName || typeof id !== 'string' || id.length === 0) return undefined;
    ids.add(id);
  }
  return [...ids];
}

/** What answering an entity plan needs besides the request. */
export interface EntityAnswerOptions {
  /** `spacesByIdsExecutor` over the validating executor: the normal path's batch executor, without the prefetch. */
  batches: Executor;
  /** Where a batch the fast path cannot write directly is left for the normal path. */
  prefetch: EntityPrefetch;
  /** The published Space type. */
  spaceType: GraphQLObjectType;
  /** ENTITY_MAX_BATCH_SIZE: more distinct ids than this take the normal path (several batches). */
  maxBatchSize: number;
  computed: PassThroughRules['computed'];
  /** The `subgraph_batch_size{kind="entities"}` metric, as the normal path reports a batch. */
  onBatch?: (size: number) => void;
}

/**
 * Answers `args` by its entity plan: one batch upstream; the response written directly when the
 * batch has no errors and every Space completes as it is; otherwise the batch is left in `prefetch`
 * and the normal path (`execute`) answers from it, so errors, nulls and coercions are its own.
 */
export async function answerEntities(
  args: ExecutionArgs,
  plan: EntityPlan,
  variables: Record<string, unknown>,
  options: EntityAnswerOptions,
  execute: (args: ExecutionArgs) => unknown,
): Promise<unknown> {
  const representations = representationsOf(plan, variables);
  const ids = spaceIdsOf(representations, options.spaceType.name);
  if (!ids || ids.length === 0 || ids.length > options.maxBatchSize) return execute(args);
  const batch = await fetchBatch(args, plan, ids, options.batches);
  const context = args.contextValue as SubgraphContext;
  if ('result' in batch && !batch.result.errors?.length) {
    const found = (batch.result.data as Record<string, unknown> | null | undefined)?.[SPACES_BY_IDS_FIELD];
    if (Array.isArray(found)) {
      const byId = new Map(ids.map((id, i) => [id, found[i]]));
      const entities = directEntities({
        schema: args.schema,
        document: args.document,
        variables,
        computed: options.computed,
        context,
        type: options.spaceType,
        field: plan.field,
        spaces: (representations as Array<{ id: string }>).map((r) => byId.get(r.id)),
      });
      if (entities) {
        options.onBatch?.(ids.length);
        return { data: { [plan.key]: entities } };
      }
    }
  }
  options.prefetch.put(context as object, ids, batch);
  return execute(args);
}

function fetchBatch(
  args: ExecutionArgs,
  plan: EntityPlan,
  ids: readonly string[],
  batches: Executor,
): Promise<PrefetchedBatch> {
  const variables: Record<string, unknown> = { ...(args.variableValues ?? {}), [IDS_VARIABLE]: ids };
  if (plan.representations.kind === Kind.VARIABLE) delete variables[plan.representations.name.value];
  return fetchQuery(batches, args, plan.document, variables);
}
