/**
 * Generators for the pass-through differential test: documents over the upstream fields the
 * subgraph publishes unchanged (from the upstream snapshot: fields without arguments, no unions)
 * and our computed fields,
 * and manglings of an upstream answer that depend only on its shape (the n-th leaf in document
 * order), so that both sides — whose upstream documents differ in root aliases — get the same one.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  type GraphQLObjectType,
  GraphQLString,
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
} from 'graphql';
import { COMPUTED_FIELDS } from '../../src/subgraph/computed-fields.ts';

const upstream = buildSchema(
  readFileSync(new URL('../../schema/boomi-spaces.graphql', import.meta.url), 'utf8'),
);

export type Mangle =
  | { kind: 'none' }
  | { kind: 'nullLeaf' | 'dropLeaf' | 'wrongType' | 'numberLeaf' | 'reorder' | 'extraKey'; index: number }
  | { kind: 'errorAt'; index: number; message: string }
  | { kind: 'errorWithoutPath' | 'dataNull'; message: string };

type Path = Array<string | number>;

/** The leaves of `data` in document order, with their paths. */
function leaves(value: unknown, path: Path, out: Path[]): Path[] {
  if (Array.isArray(value)) value.forEach((item, i) => void leaves(item, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    // `__typename` is not always asked upstream (the root one is answered locally): never counted.
    for (const [key, item] of Object.entries(value))
      if (key !== '__typename') leaves(item, [...path, key], out);
  } else if (path.length > 0) out.push(path);
  return out;
}

function setAt(
  data: Record<string, unknown>,
  path: Path,
  update: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  let node: unknown = data;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  update(node as Record<string | number, unknown>, path[path.length - 1]!);
}

/** The upstream answer `text` mangled by `mangle` (answers that are not GraphQL JSON are kept). */
export function mangleAnswer(text: string, status: number, mangle: Mangle): string | undefined {
  if (mangle.kind === 'none' || status !== 200) return undefined;
  let body: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const data = body.data;
  if (!data) return undefined;
  if (mangle.kind === 'errorWithoutPath')
    return JSON.stringify({ ...body, errors: [...(body.errors ?? []), { message: mangle.message }] });
  if (mangle.kind === 'dataNull') {
    const root = Object.keys(data).find((key) => key !== '__typename');
    if (root === undefined) return undefined;
    return JSON.stringify({ data: null, errors: [{ message: mangle.message, path: [root] }] });
  }
  const all = leaves(data, [], []);
  if (all.length === 0 || !('index' in mangle)) return undefined;
  const path = all[mangle.index % all.length]!;
  if (mangle.kind === 'dropLeaf') setAt(data, path, (parent, key) => delete parent[key]);
  else if (mangle.kind === 'reorder' || mangle.kind === 'extraKey') {
    // The leaf's object with its keys in reverse order, or with one key nobody asked for.
    setAt(data, path.slice(0, -1), (parent, key) => {
      const object = parent[key] as Record<string, unknown>;
      const entries = Object.entries(object);
      parent[key] = Object.fromEntries(
        mangle.kind === 'reorder' ? entries.reverse() : [...entries, ['unasked', 1]],
      );
    });
  } else if (mangle.kind === 'numberLeaf') setAt(data, path, (parent, key) => (parent[key] = 42));
  else setAt(data, path, (parent, key) => (parent[key] = mangle.kind === 'wrongType' ? { odd: 1.5 } : null));
  const errors =
    mangle.kind === 'errorAt' ? [...(body.errors ?? []), { message: mangle.message, path }] : body.errors;
  return JSON.stringify({ data, ...(errors ? { errors } : {}) });
}

interface Ids {
  spaceIds: string[];
  groupIds: string[];
}

const alias = fc.option(fc.constantFrom('a', 'b', 'x_1', 'long_alias'), { nil: undefined, freq: 3 });
const directive = fc.constantFrom('', '', '', ' @include(if: true)', ' @skip(if: false)', ' @skip(if: true)');

/** Our computed fields (all leaves, without arguments), by upstream type: the fast path derives most. */
const COMPUTED: Record<string, string[]> = {};
for (const { type, field } of COMPUTED_FIELDS) COMPUTED[type] = [...(COMPUTED[type] ?? []), field];

/**
 * A selection set over `type`'s argument-free, non-union fields and its computed fields, `depth`
 * levels deep at most.
 */
function selection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields()).filter(
    (f) =>
      f.args.length === 0 &&
      !isAbstractType(getNamedType(f.type)) &&
      (depth > 0 || isLeafType(getNamedType(f.type))),
  );
  const computed = (COMPUTED[type.name] ?? []).map((name) => ({ name, type: GraphQLString }));
  const field = fc.constantFrom(...fields, ...computed).chain((f) => {
    const named = getNamedType(f.type);
    const sub = isObjectType(named) ? selection(named, depth - 1).map((s) => ` { ${s} }`) : fc.constant('');
    return fc.tuple(alias, sub, directive).map(([a, s, d]) => ({
      key: a ?? f.name,
      directive: d,
      text: (withDirective: boolean) => `${a ? `${a}: ` : ''}${f.name}${withDirective ? d : ''}${s}`,
    }));
  });
  return fc
    .tuple(fc.array(field, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean())
    .map(([items, typename, fragment]) => {
      const all = fragment ? [...items, items[0]!] : items;
      // Delegation answers null for `a: id @skip(if: true) a: id` (see the test): never generated.
      const mixed = new Set(
        all.filter((i) => all.some((j) => j.key === i.key && j.directive !== i.directive)).map((i) => i.key),
      );
      const texts = items.map((i) => i.text(!mixed.has(i.key)));
      if (typename) texts.push('__typename');
      if (fragment) texts.push(`... on ${type.name} { ${texts[0]} }`);
      return texts.join(' ');
    });
}

/** Documents over the unchanged query fields with ids from the simulator (and one that does not exist). */
export function passThroughDocuments(ids: () => Ids): fc.Arbitrary<{ query: string; mangle: Mangle }> {
  const space = upstream.getType('Space') as GraphQLObjectType;
  const account = upstream.getType('ReferenceAccount') as GraphQLObjectType;
  const root = fc.oneof(
    selection(space, 2).map((s) => `spaces { ${s} }`),
    fc
      .tuple(fc.integer({ min: 0, max: 30 }), selection(space, 2))
      .map(([i, s]) => `space(id: "${ids().spaceIds[i] ?? 'no-such-space'}") { ${s} }`),
    fc
      .tuple(fc.integer({ min: 0, max: 5 }), selection(account, 0))
      .map(
        ([i, s]) => `referenceAccountsByGroupId(groupId: "${ids().groupIds[i] ?? 'no-such-group'}") { ${s} }`,
      ),
  );
  const roots = fc
    .uniqueArray(fc.tuple(fc.constantFrom('r1', 'r2', 'r3', 'r4'), root), {
      minLength: 1,
      maxLength: 3,
      selector: (item: [string, string]) => item[0],
    })
    .map((items) => `{ ${items.map(([a, r]) => `${a}: ${r}`).join(' ')} }`);
  const mangle: fc.Arbitrary<Mangle> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({
      kind: fc.constantFrom(
        'nullLeaf' as const,
        'dropLeaf' as const,
        'wrongType' as const,
        'numberLeaf' as const,
        'reorder' as const,
        'extraKey' as const,
      ),
      index: fc.nat(40),
    }),
    fc.record({
      kind: fc.constant('errorAt' as const),
      index: fc.nat(40),
      message: fc.constantFrom('SPACE_NOT_FOUND: x', 'ACCESS_DENIED', 'weird'),
    }),
    fc.record({
      kind: fc.constantFrom('errorWithoutPath' as const, 'dataNull' as const),
      message: fc.constant('SPACE_NOT_FOUND'),
    }),
  );
  return fc.record({ query: roots, mangle });
}
