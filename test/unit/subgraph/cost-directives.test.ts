/**
 * One cost model (#13 item 4, #9 item 5): the `@cost`/`@listSize` we publish are derived from
 * src/subgraph/upstream-cost.ts, and a router's demand-control arithmetic over them is compared
 * with the subgraph's own estimate (docs/federation.md, "Demand control").
 */
import fc from 'fast-check';
import {
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type ObjectTypeDefinitionNode,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltSubgraph, buildSpacesSubgraph } from '../../../src/subgraph/build-spaces-schema.ts';
import { costDirectives, publishedCost } from '../../../src/subgraph/cost-directives.ts';
import { estimateUpstreamRequests } from '../../../src/subgraph/estimate-upstream-requests.ts';
import { FEDERATION_QUERY_FIELDS } from '../../../src/subgraph/federation.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { upstreamTypeName } from '../../../src/subgraph/type-names.ts';
import { fieldCost, UPSTREAM_FIELD_COSTS } from '../../../src/subgraph/upstream-cost.ts';

/** A list size that is not the default, so a test sees where it comes from. */
const LIST_SIZE = 7;
const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;

async function build(typePrefix = ''): Promise<BuiltSubgraph> {
  return buildSpacesSubgraph({
    upstreamSchema: await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT }),
    executor: () => {
      throw new Error('nothing is executed');
    },
    typePrefix,
    assumedListSize: LIST_SIZE,
  });
}

interface Published {
  weight?: number;
  assumedSize?: number;
}

/** `@cost`/`@listSize` of every field as the published SDL prints them, by published coordinate. */
function publishedDirectives(sdl: string): Map<string, Published> {
  const out = new Map<string, Published>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of (definition as ObjectTypeDefinitionNode).fields ?? []) {
      const found = readCost(field);
      if (found.weight !== undefined || found.assumedSize !== undefined) {
        out.set(`${definition.name.value}.${field.name.value}`, found);
      }
    }
  }
  return out;
}

function readCost(field: FieldDefinitionNode): Published {
  const intArgument = (directive: string, argument: string) => {
    const node = field.directives
      ?.find((d) => d.name.value === directive)
      ?.arguments?.find((a) => a.name.value === argument)?.value;
    return node?.kind === Kind.INT ? Number(node.value) : undefined;
  };
  const weight = intArgument('cost', 'weight');
  const assumedSize = intArgument('listSize', 'assumedSize');
  return {
    ...(weight === undefined ? {} : { weight }),
    ...(assumedSize === undefined ? {} : { assumedSize }),
  };
}

/**
 * The static estimate Apollo Router and Hive Gateway compute (IBM cost spec: a field costs
 * `instances × (weight + its selections)`, a list's instances are its `@listSize(assumedSize:)`,
 * else the router's configured list size), with the router's own default weights (1 per
 * composite-typed field, 10 per mutation) set to 0 so that only our published unit remains.
 * `perCall`: a priced list field's weight counts once per call instead of once per item, which
 * is what our weight means (one upstream request per call).
 */
function routerCost(
  schema: GraphQLSchema,
  costs: ReadonlyMap<string, Published>,
  document: DocumentNode,
  options: { perCall: boolean },
): number {
  const operation = document.definitions[0] as OperationDefinitionNode;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const walk = (typeName: string, set: SelectionSetNode, factor: number): number => {
    const type = schema.getType(typeName);
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += walk(selection.typeCondition?.name.value ?? typeName, selection.selectionSet, factor);
        continue;
      }
      if (selection.kind !== Kind.FIELD || !isObjectType(type)) continue;
      const definition = type.getFields()[selection.name.value];
      if (!definition) continue;
      const published = costs.get(`${typeName}.${selection.name.value}`) ?? {};
      const own = isListType(getNullableType(definition.type)) ? (published.assumedSize ?? LIST_SIZE) : 1;
      total += (published.weight ?? 0) * factor * (options.perCall ? 1 : own);
      if (selection.selectionSet) {
        total += walk(getNamedType(definition.type).name, selection.selectionSet, factor * own);
      }
    }
    return total;
  };
  return root ? walk(root.name, operation.selectionSet, 1) : 0;
}

let built: BuiltSubgraph;
let published: Map<string, Published>;

beforeAll(async () => {
  built = await build();
  published = publishedDirectives(built.sdl);
});

const estimate = (query: string) =>
  estimateUpstreamRequests(built.schema, parse(query), undefined, undefined, {
    assumedListSize: LIST_SIZE,
  });
const router = (query: string, perCall: boolean) =>
  routerCost(built.schema, published, parse(query), { perCall });

describe('published @cost/@listSize agree with the cost model', () => {
  it.each(['', 'Boomi'])('for every field of the published schema (TYPE_PREFIX=%j)', async (prefix) => {
    const subgraph = prefix === '' ? built : await build(prefix);
    const upstream = upstreamTypeName(prefix);
    const expected = new Map<string, Published>();
    for (const type of Object.values(subgraph.schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_')) continue;
      for (const field of Object.values(type.getFields())) {
        if (type.name === 'Query' && FEDERATION_QUERY_FIELDS.has(field.name)) continue;
        const cost = fieldCost(upstream(type.name), field.name);
        const derived = publishedCost(cost, isListType(getNullableType(field.type)), LIST_SIZE);
        // The rule itself, spelled out: a field that can add a request weighs 1, an assumed list
        // holds the estimate's list size.
        expect(derived.weight, `${type.name}.${field.name}`).toBe(cost.requests === 'free' ? undefined : 1);
        if (derived.weight !== undefined || derived.assumedSize !== undefined) {
          expected.set(`${type.name}.${field.name}`, derived);
        }
      }
    }
    expect(publishedDirectives(subgraph.sdl)).toEqual(expected);
    expect(
      costDirectives(subgraph.schema, { upstreamTypeName: upstream, assumedListSize: LIST_SIZE }),
    ).toEqual(expected);
  });

  it('publishes every published row of the table (no priced field is lost)', () => {
    for (const [coordinate, cost] of Object.entries(UPSTREAM_FIELD_COSTS)) {
      const [type = '', field = ''] = coordinate.split('.');
      if (type === 'Query' && FEDERATION_QUERY_FIELDS.has(field)) continue;
      expect(published.get(coordinate), coordinate).toEqual({
        ...(cost.requests === 'free' ? {} : { weight: 1 }),
        ...(cost.listSize === 'assumed' ? { assumedSize: LIST_SIZE } : {}),
      });
    }
    expect(published.get('Space.environments')).toEqual({ weight: 1, assumedSize: LIST_SIZE });
    expect(published.get('Query.spaceAccounts')).toEqual({ weight: 1 });
    expect(published.get('Mutation.spaceDelete')).toEqual({ weight: 1 });
    expect(published.has('Space.name')).toBe(false);
  });
});

describe('a router computing over the published directives', () => {
  // [query, estimate, router with per-call weights, router as Apollo Router / Hive Gateway compute]
  it.each([
    // No merge and no priced list: all three agree.
    ['{ space(id: "s") { id name theme { logoUrl } } }', 1, 1, 1],
    ['mutation { spaceDelete(id: "s") }', 1, 1, 1],
    ['{ space(id: "s") { artifactListings { numberOfResults } } }', 2, 2, 2],
    // No merge: per-call weights equal the estimate; routers count a priced list's weight once
    // per assumed item (here 7), so they exceed it by (7 - 1) per priced list call.
    ['{ space(id: "s") { environments { id } } }', 2, 2, 1 + 7],
    ['{ spaces { id } }', 1, 1, 7],
    ['{ spaces { environments { id } } }', 1 + 7, 1 + 7, 7 + 7 * 7],
    ['{ spaces { ... on Space { accounts { id } } } }', 1 + 7, 1 + 7, 7 + 7 * 7],
    ['{ environments(spaceGuid: "g") { id } }', 1, 1, 7],
    // Merges the weights cannot express: root fields batch, one Space's scoped fields share its
    // SPACE_GUID request, the same guid twice is one request, batched fields merge across Spaces.
    ['{ a: space(id: "1") { id } b: space(id: "2") { id } c: spaces { id } }', 1, 3, 1 + 1 + 7],
    ['{ space(id: "s") { environments { id } accounts { id } } }', 2, 3, 1 + 7 + 7],
    ['{ a: environments(spaceGuid: "g") { id } b: environments(spaceGuid: "g") { id } }', 1, 2, 14],
    ['{ spaces { artifactListings { numberOfResults } } }', 1 + 1, 1 + 7, 7 + 7],
  ])('%s: estimate %i, per-call %i, router %i', (query, expectedEstimate, perCall, routerTotal) => {
    expect(estimate(query)).toBe(expectedEstimate);
    expect(router(query, true)).toBe(perCall);
    expect(router(query, false)).toBe(routerTotal);
  });

  const spaceFields = [
    'id',
    'name',
    'theme { logoUrl }',
    'environments { id }',
    'accounts { id }',
    'integrationPackInstances { id }',
    'artifactListings { numberOfResults }',
  ];
  const scoped = new Set(['environments { id }', 'accounts { id }', 'integrationPackInstances { id }']);
  const roots = fc.array(
    fc.record({
      field: fc.constantFrom('spaces', 'space(id: "s")'),
      selection: fc.uniqueArray(fc.constantFrom(...spaceFields), { minLength: 1 }),
    }),
    { minLength: 1, maxLength: 3 },
  );

  it('never counts less than the estimate, and per-call equals it when nothing merges', () => {
    fc.assert(
      fc.property(roots, (fields) => {
        const query = `{ ${fields.map((f, i) => `r${i}: ${f.field} { ${f.selection.join(' ')} }`).join(' ')} }`;
        const expected = estimate(query);
        const perCall = router(query, true);
        expect(perCall).toBeGreaterThanOrEqual(expected);
        expect(router(query, false)).toBeGreaterThanOrEqual(perCall);
        const merges =
          fields.length > 1 ||
          fields.some(
            (f) =>
              f.selection.filter((s) => scoped.has(s)).length > 1 ||
              (f.field === 'spaces' && f.selection.includes('artifactListings { numberOfResults }')),
          );
        if (!merges) expect(perCall).toBe(expected);
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
