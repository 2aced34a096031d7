/**
 * Seeded generators of hostile requests for the fuzz test: documents built from the published
 * schema (random selections, wrong argument types, aliases, fragments, directives), huge and deep
 * values, random bytes, truncated JSON, odd headers, GET parameters and multipart oddities.
 */
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import type { Prng } from '../../src/simulator/prng.ts';
import { SEED } from '../../src/simulator/seed.ts';

/** One request to send: everything `fetch` needs, relative to the GraphQL endpoint. */
export interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'PATCH';
  /** Appended to the endpoint URL (query string, or another path such as `/../x`). */
  suffix?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
}

const WORDS = [
  '',
  'a',
  '__typename',
  'Space',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '💥',
  '\u0000',
  '"',
  '\\',
  '{',
  '}',
  '$x',
  '...',
];
const IDS = [...SEED.demoLiveSpaceIds.slice(0, 3), SEED.deletedSpaceId, SEED.otherAccountSpaceId, 'nope', ''];
const GUIDS = [...SEED.demoLiveSpaceGuids.slice(0, 3), SEED.otherAccountSpaceGuid, 'bad-guid'];

/** A random scalar-ish JSON value of any type: wrong types on purpose. */
export function randomLeaf(rng: Prng): unknown {
  switch (rng.int(9)) {
    case 0:
      return rng.pick(IDS);
    case 1:
      return rng.pick(GUIDS);
    case 2:
      return rng.int(2) === 0;
    case 3:
      return rng.pick([0, -1, 2 ** 31, 2 ** 53 + 1, 1.5, -0]);
    case 4:
      return null;
    case 5:
      return rng.pick(WORDS);
    case 6:
      return 'x'.repeat(rng.pick([1, 1000, 100_000]));
    case 7:
      return [rng.pick(IDS), rng.int(5)];
    default:
      return { id: rng.pick(IDS), __typename: rng.pick(['Space', 'Nope', 1]) };
  }
}

/** The JSON text of a value nested `depth` deep (built as text: JSON.stringify would recurse). */
export function deepJson(rng: Prng, depth: number): string {
  const leaf = JSON.stringify(randomLeaf(rng));
  return rng.int(2) === 0
    ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
}

/** A GraphQL literal for an input type: usually right, often wrong. */
function literal(rng: Prng, type: GraphQLInputType, depth: number): string {
  if (rng.int(6) === 0) return JSON.stringify(randomLeaf(rng)).replace(/"(\w+)":/g, '$1:') ?? 'null';
  if (isNonNullType(type)) return literal(rng, type.ofType, depth);
  if (isListType(type)) {
    const n = rng.int(3);
    return `[${Array.from({ length: n }, () => literal(rng, type.ofType, depth + 1)).join(', ')}]`;
  }
  if (isEnumType(type)) return rng.pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    if (depth > 3) return '{}';
    const fields = Object.values(type.getFields()).filter(() => rng.int(2) === 0);
    return `{ ${fields.map((f) => `${f.name}: ${literal(rng, f.type, depth + 1)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    if (type.name === 'Int') return String(rng.pick([0, 1, -5, 2 ** 31]));
    if (type.name === 'Boolean') return rng.pick(['true', 'false']);
    if (type.name === 'Float') return rng.pick(['1.5', '0', '-1e10']);
    if (type.name === 'ID' && rng.int(2) === 0) return JSON.stringify(rng.pick([...IDS, ...GUIDS]));
    return JSON.stringify(rng.pick(WORDS));
  }
  return 'null';
}

function argumentsOf(rng: Prng, field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => isNonNullType(a.type) || rng.int(2) === 0);
  if (rng.int(8) === 0) args.length = 0; // missing required arguments
  const parts = args.map((a) => `${a.name}: ${literal(rng, a.type, 0)}`);
  if (rng.int(10) === 0) parts.push(`nope: ${rng.int(9)}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** A random selection set on `type`, up to `depth` levels; sometimes names fields that do not exist. */
function selection(rng: Prng, schema: GraphQLSchema, type: GraphQLNamedType, depth: number): string {
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
    const member = members.length > 0 ? rng.pick(members) : undefined;
    return member
      ? `{ __typename ... on ${member.name} ${selection(rng, schema, member, depth)} }`
      : '{ __typename }';
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields());
  const count = 1 + rng.int(4);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    if (rng.int(12) === 0) {
      parts.push(
        rng.pick(['nope', '__schema { types { name } }', '__type(name: "Space") { name }', '__typename']),
      );
      continue;
    }
    const field = rng.pick(fields);
    const alias = rng.int(6) === 0 ? `a${i}: ` : '';
    const directive =
      rng.int(10) === 0
        ? ` @${rng.pick(['skip', 'include', 'deprecated', 'nope'])}(if: ${rng.pick(['true', 'false', '1'])})`
        : '';
    const child = getNamedType(field.type);
    const sub =
      isObjectType(child) || isUnionType(child) || isInterfaceType(child)
        ? depth > 0
          ? ` ${selection(rng, schema, child, depth - 1)}`
          : rng.int(3) === 0
            ? ''
            : ' { __typename }'
        : rng.int(15) === 0
          ? ' { id }'
          : '';
    parts.push(`${alias}${field.name}${argumentsOf(rng, field)}${directive}${sub}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** A document built from the schema: a query, a mutation (sometimes), with fragments and noise. */
export function schemaDocument(rng: Prng, schema: GraphQLSchema): string {
  const mutation = schema.getMutationType();
  const root =
    mutation && rng.int(5) === 0
      ? mutation
      : (schema.getQueryType() as NonNullable<ReturnType<GraphQLSchema['getQueryType']>>);
  const body = selection(rng, schema, root, rng.int(7));
  const keyword = root === mutation ? 'mutation' : rng.pick(['query', '', 'query Q', 'subscription']);
  let document = `${keyword} ${body}`;
  if (rng.int(8) === 0) document += ' fragment F on Space { id ...F }';
  if (rng.int(10) === 0) document = document.slice(0, rng.int(document.length));
  return document;
}

/** Bytes from the PRNG. */
export function randomBytes(rng: Prng, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => rng.int(256));
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'application/graphql+json',
  'application/graphql-response+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'application/json, text/html',
  '*/*',
  'application/json; boundary=\u00ff',
];
const ACCEPTS = [
  'application/json',
  'application/graphql-response+json',
  'text/event-stream',
  'text/html',
  '*/*',
  'multipart/mixed',
  'x/y;q=oops',
  '',
];

function json(query: string, variables?: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, ...(variables === undefined ? {} : { variables }), ...extra });
}

/** The `index`-th hostile request of the run (the kind rotates so every kind is well represented). */
export function hostileRequest(rng: Prng, schema: GraphQLSchema, index: number): HostileRequest {
  const jsonHeaders = { 'content-type': 'application/json', accept: rng.pick(ACCEPTS) };
  switch (index % 10) {
    case 0:
    case 1:
    case 2:
      return {
        kind: 'schema-document',
        method: 'POST',
        headers: jsonHeaders,
        body: json(schemaDocument(rng, schema)),
      };
    case 3: {
      const query = rng.pick([
        'query ($id: ID!) { space(id: $id) { id name } }',
        'query ($g: ID!) { environments(spaceGuid: $g) { id } }',
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id } } }',
        'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id } }',
        'query ($c: SpaceAccountCriteria) { spaces { accounts(criteria: $c) { id } } }',
      ]);
      const name = /\$(\w+)/.exec(query)?.[1] ?? 'x';
      const value =
        rng.int(3) === 0 ? deepJson(rng, rng.pick([10, 1000, 20_000])) : JSON.stringify(randomLeaf(rng));
      const body = `{"query":${JSON.stringify(query)},"variables":{${JSON.stringify(name)}:${value}}}`;
      return { kind: 'wrong-variables', method: 'POST', headers: jsonHeaders, body };
    }
    case 4: {
      const valid = json(schemaDocument(rng, schema), { x: randomLeaf(rng) });
      return {
        kind: 'truncated-json',
        method: 'POST',
        headers: jsonHeaders,
        body: valid.slice(0, rng.int(valid.length)),
      };
    }
    case 5:
      return {
        kind: 'random-bytes',
        method: rng.pick(['POST', 'POST', 'PUT', 'PATCH'] as const),
        headers: { 'content-type': rng.pick(CONTENT_TYPES) },
        body: randomBytes(rng, rng.pick([0, 1, 16, 512, 4096])),
      };
    case 6: {
      const headers: Record<string, string> = { accept: rng.pick(ACCEPTS) };
      const type = rng.pick(CONTENT_TYPES);
      if (type) headers['content-type'] = type;
      if (rng.int(3) === 0) headers['x-request-id'] = 'x'.repeat(rng.pick([1, 200, 4000]));
      if (rng.int(4) === 0) headers['content-encoding'] = rng.pick(['gzip', 'br', 'nope']);
      return { kind: 'odd-headers', method: 'POST', headers, body: json('{ __typename spaces { id } }') };
    }
    case 7: {
      const params = [
        `query=${encodeURIComponent(rng.int(4) === 0 ? 'mutation { spaceDelete(id: "x") }' : schemaDocument(rng, schema))}`,
        rng.int(2) === 0
          ? `variables=${encodeURIComponent(rng.pick(['{"', '[]', 'null', '{"a":1}', '%%', '1']))}`
          : '',
        rng.int(3) === 0
          ? `extensions=${encodeURIComponent(rng.pick(['{', '{"persistedQuery":{"sha256Hash":"x","version":1}}', '"x"']))}`
          : '',
        rng.int(5) === 0 ? `operationName=${rng.pick(['Q', '', '%ff'])}` : '',
      ].filter(Boolean);
      const suffix =
        rng.int(15) === 0 ? rng.pick(['/../health', '/x', '?query=%E0%A4%A', '?%']) : `?${params.join('&')}`;
      return {
        kind: 'get-parameters',
        method: rng.pick(['GET', 'GET', 'GET', 'DELETE', 'OPTIONS'] as const),
        suffix,
        headers: { accept: rng.pick(ACCEPTS) },
      };
    }
    case 8:
      return multipartOddity(rng);
    default: {
      const huge = rng.pick([
        () => json(`{ ${'spaces { id } '.repeat(rng.pick([10, 500]))}}`),
        () => json(`{ ${'a: __typename '.repeat(rng.pick([20, 3000]))}}`),
        () =>
          json('{ __typename }', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
        () => json(`{ ${'... on Query { '.repeat(rng.pick([50, 2000]))}__typename${' }'.repeat(50)} }`),
        () => json(`query ${'($a: Int) '.repeat(2)} { __typename }`),
        () => json(`{ __typename ${'@include(if: true) '.repeat(rng.pick([10, 100]))}}`),
      ]);
      return { kind: 'huge-or-deep', method: 'POST', headers: jsonHeaders, body: huge() };
    }
  }
}

/** Multipart requests that break the spec in one way or another. */
function multipartOddity(rng: Prng): HostileRequest {
  const form = new FormData();
  const query = 'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id } }';
  const operations = { query, variables: { in: { id: rng.pick(IDS), name: 'fuzz', theme: { logo: null } } } };
  const choice = rng.int(8);
  if (choice !== 0) form.append('operations', choice === 1 ? '{' : JSON.stringify(operations));
  const map = rng.pick([
    { 0: ['variables.in.theme.logo'] },
    { 0: ['variables.in.name'] },
    { 0: ['__proto__.x'] },
    { 0: 'variables.in.theme.logo' },
    [],
    Object.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i), ['variables.in.theme.logo']])),
  ]);
  if (choice !== 2) form.append('map', choice === 3 ? '{' : JSON.stringify(map));
  const part = rng.int(4);
  if (part === 1) form.append('0', 'text, not a file');
  if (part >= 2) {
    const bytes =
      rng.int(2) === 0
        ? randomBytes(rng, 64)
        : new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>');
    form.append(
      '0',
      new File([bytes as Uint8Array<ArrayBuffer>], rng.pick(['a.svg', 'a.png', 'blob', 'a.jpg']), {
        type: rng.pick(['image/png', 'image/svg+xml', '']),
      }),
    );
  }
  return { kind: 'multipart', method: 'POST', headers: { accept: rng.pick(ACCEPTS) }, body: form };
}
