import { type GraphQLSchema, parse, print, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { COMPUTED_FIELDS } from '../../../src/subgraph/computed-fields.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import {
  type PassThroughRules,
  passThroughDocument,
  passThroughRules,
} from '../../../src/subgraph/pass-through-eligibility.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;

interface Built {
  schema: GraphQLSchema;
  rules: PassThroughRules;
}

async function build(
  options: { typePrefix?: string; spaceQueryField?: 'space' | 'Space' } = {},
): Promise<Built> {
  const upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT });
  const schema = buildSpacesSchema({
    upstreamSchema,
    executor: () => {
      throw new Error('nothing is executed');
    },
    ...options,
  });
  return {
    schema,
    rules: passThroughRules(schema, upstreamSchema, { ...options, computed: COMPUTED_FIELDS }),
  };
}

let plain: Built;
let prefixed: Built;
let capitalSpace: Built;

beforeAll(async () => {
  [plain, prefixed, capitalSpace] = await Promise.all([
    build(),
    build({ typePrefix: 'Boomi' }),
    build({ spaceQueryField: 'Space' }),
  ]);
});

/** The document sent upstream, printed, or undefined when it is delegated; the document must be valid. */
function sent(built: Built, source: string, operationName?: string): string | undefined {
  const document = parse(source);
  expect(validate(built.schema, document)).toEqual([]);
  const upstream = passThroughDocument(document, operationName, built.schema, built.rules);
  return upstream && print(upstream);
}

describe('passThroughDocument', () => {
  it('passes through queries of unchanged upstream fields, fragments and @skip/@include included', () => {
    const eligible = [
      '{ spaces { id name } }',
      '{ a: spaces { id } b: space(id: "1") { name accountGroup { id name } } }',
      'query Q($id: ID!, $on: Boolean!) { space(id: $id) { id name @include(if: $on) ...F } } fragment F on Space { description }',
      '{ __typename spaces { __typename ... on Space { id } } }',
      '{ referenceAccountsByGroupId(groupId: "g") { id name } }',
    ];
    for (const source of eligible) expect(sent(plain, source), source).toBe(print(parse(source)));
  });

  it('sends the chosen operation with only the fragments it uses', () => {
    const source =
      'query A { spaces { ...F } } query B { space(id: "1") { ...G } } fragment F on Space { id ...H } fragment G on Space { name } fragment H on Space { name }';
    expect(sent(plain, source, 'A')).toBe(
      print(
        parse('query A { spaces { ...F } } fragment F on Space { id ...H } fragment H on Space { name }'),
      ),
    );
  });

  it('returns the very document when it holds nothing else (printed once per document upstream)', () => {
    const document = parse('{ spaces { id } }');
    expect(passThroughDocument(document, undefined, plain.schema, plain.rules)).toBe(document);
  });

  it('delegates every document that is not only unchanged upstream query fields', () => {
    const excluded: Record<string, string> = {
      'a computed count over a union (catalog artifacts)': '{ spaces { catalogArtifactCount } }',
      'space-scoped root field (spaceGuid → SPACE_GUID header)': '{ environments(spaceGuid: "g") { id } }',
      'federation _service': '{ _service { sdl } }',
      'federation _entities': '{ _entities(representations: []) { __typename } }',
      'stitching _sdl': '{ _sdl }',
      spacesByIds: '{ spacesByIds(ids: ["1"]) { id } }',
      'introspection __schema': '{ __schema { queryType { name } } spaces { id } }',
      'introspection __type': '{ __type(name: "Space") { name } spaces { id } }',
      'a union (delegation adds __typename)': '{ spaces { catalogArtifacts { __typename } } }',
      mutation: 'mutation { spaceDelete(id: "1") }',
      'only __typename (nothing to send)': '{ __typename }',
      'an unknown directive': '{ spaces { id @deprecated } }',
      'a root fragment spread': '{ ...R } fragment R on Query { spaces { id } }',
      'a root inline fragment': '{ ... on Query { spaces { id } } }',
    };
    for (const [why, source] of Object.entries(excluded)) {
      const document = parse(source);
      expect(passThroughDocument(document, undefined, plain.schema, plain.rules), why).toBeUndefined();
    }
  });

  it('sends each computed field as the upstream fields it needs, in its place, without its directives', () => {
    const cases: Array<[string, string]> = [
      ['{ spaces { id guid } }', '{ spaces { id url } }'],
      [
        '{ spaces { c: createdAt m: modifiedAt isModified } }',
        '{ spaces { createdDate modifiedDate modifiedDate } }',
      ],
      [
        '{ spaces { accountGroup { id integrationPackCount } url guid @skip(if: true) hasLogo } }',
        '{ spaces { accountGroup { id integrationPacks { id } } url url theme { logoUrl } } }',
      ],
      [
        '{ space(id: "1") { ...F } } fragment F on Space { accountGroupId sharedIpackCount }',
        '{ space(id: "1") { ...F } } fragment F on Space { accountGroup { id } sharedIpacks { id } }',
      ],
    ];
    for (const [source, upstream] of cases) expect(sent(plain, source), source).toBe(print(parse(upstream)));
    expect(sent(prefixed, '{ spaces { guid } }')).toBe(print(parse('{ spaces { url } }')));
  });

  it('delegates computed fields when an alias could clash with the fields sent for them', () => {
    for (const source of [
      '{ spaces { url: name guid } }',
      '{ spaces { theme { logoUrl: __typename } hasLogo } }',
      '{ spaces { accountGroup { id: name } accountGroupId } }',
    ]) {
      expect(sent(plain, source), source).toBeUndefined();
    }
    // Without a computed field, the same alias is nobody's business.
    expect(sent(plain, '{ spaces { url: name } }')).toBe(print(parse('{ spaces { url: name } }')));
  });

  it('delegates computed fields the rules were not given', async () => {
    const upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT });
    const rules = passThroughRules(plain.schema, upstreamSchema);
    expect(passThroughDocument(parse('{ spaces { guid } }'), undefined, plain.schema, rules)).toBeUndefined();
  });

  it('delegates @defer and @stream', () => {
    for (const source of ['{ spaces @stream { id } }', '{ spaces { ... @defer { id } } }']) {
      expect(
        passThroughDocument(parse(source), undefined, plain.schema, plain.rules),
        source,
      ).toBeUndefined();
    }
  });

  it('with TYPE_PREFIX: passes through what names no renamed type, delegates the rest', () => {
    expect(sent(prefixed, '{ spaces { id name accountGroup { name } } }')).toBeDefined();
    expect(sent(prefixed, '{ __typename spaces { id } }')).toBeDefined();
    expect(sent(prefixed, '{ spaces { __typename } }')).toBeUndefined();
    expect(sent(prefixed, '{ spaces { ... on BoomiSpace { id } } }')).toBeUndefined();
    expect(sent(prefixed, '{ spaces { ...F } } fragment F on BoomiSpace { id }')).toBeUndefined();
    expect(
      sent(
        prefixed,
        'query ($i: BoomiSpaceArtifactListingSearchInput!) { spaceArtifactListings(input: $i) { numberOfResults } }',
      ),
    ).toBeUndefined();
  });

  it('with BOOMI_SPACE_QUERY_FIELD=Space: `space` is renamed on the way upstream, so it is delegated', () => {
    expect(sent(capitalSpace, '{ space(id: "1") { id } }')).toBeUndefined();
    expect(sent(capitalSpace, '{ spaces { id } }')).toBeDefined();
    expect(sent(plain, '{ space(id: "1") { id } }')).toBeDefined();
  });

  it('delegates Upload variables and variables of renamed input types', () => {
    expect(plain.rules.types.has('Upload')).toBe(false);
    expect(plain.rules.types.has('SpaceArtifactListingSearchInput')).toBe(true);
    expect(prefixed.rules.types.has('BoomiSpaceArtifactListingSearchInput')).toBe(false);
  });
});
