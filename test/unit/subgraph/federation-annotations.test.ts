import { buildSchema, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  federationAnnotations,
  parseContractSettings,
} from '../../../src/subgraph/federation-annotations.ts';
import { typeNamer, upstreamTypeName } from '../../../src/subgraph/type-names.ts';

const schema = buildSchema(/* GraphQL */ `
  type Query { spaces: [BoomiSpace] _entities: [String] }
  type Mutation { a: Int b: Int }
  type BoomiSpace { id: ID! environments: [String] }
`);
const printed = (map: ReturnType<typeof federationAnnotations>) =>
  Object.fromEntries([...map].map(([k, v]) => [k, v.map((d) => print(d)).join(' ')]));

describe('federationAnnotations', () => {
  it('derives demand control from the cost model through the type prefix, maps authorization rows, expands Type.*, skips what is absent', () => {
    const map = federationAnnotations(schema, {
      name: typeNamer('Boomi'),
      upstreamName: upstreamTypeName('Boomi'),
      assumedListSize: 7,
      access: [
        { coordinate: 'Query.*', authenticated: true },
        { coordinate: 'Mutation.a', scopes: [['w']] },
        { coordinate: 'Space.absent', authenticated: true },
      ],
      authorization: true,
    });
    expect(printed(map)).toEqual({
      'BoomiSpace.environments': '@cost(weight: 1) @listSize(assumedSize: 7)',
      'Mutation.a': '@cost(weight: 1) @requiresScopes(scopes: [["w"]])',
      'Mutation.b': '@cost(weight: 1)',
      'Query.spaces': '@cost(weight: 1) @listSize(assumedSize: 7) @authenticated',
    });
  });

  it('publishes no authorization directives unless asked', () => {
    const map = federationAnnotations(schema, {
      name: typeNamer(''),
      access: [{ coordinate: 'Query.*', authenticated: true }],
    });
    expect([...map.values()].flat().map((d) => d.name.value)).not.toContain('authenticated');
  });

  it('adds contract tags (repeatable) and inaccessible marks by published coordinate', () => {
    const map = federationAnnotations(schema, {
      name: typeNamer(''),
      tags: [
        { coordinate: 'BoomiSpace', tag: 'public' },
        { coordinate: 'BoomiSpace', tag: 'partner' },
        { coordinate: 'Mutation.*', tag: 'internal' },
      ],
      inaccessible: ['BoomiSpace.environments'],
    });
    expect(printed(map)).toEqual({
      BoomiSpace: '@tag(name: "public") @tag(name: "partner")',
      'Query.spaces': '@cost(weight: 1) @listSize(assumedSize: 25)',
      'Mutation.a': '@cost(weight: 1) @tag(name: "internal")',
      'Mutation.b': '@cost(weight: 1) @tag(name: "internal")',
      // Without upstreamName the prefixed type is not found in the cost model: free.
      'BoomiSpace.environments': '@inaccessible',
    });
  });

  it('refuses a contract coordinate that names nothing, naming the setting', () => {
    expect(() =>
      federationAnnotations(schema, { name: typeNamer(''), inaccessible: ['Space.nope'] }),
    ).toThrow(
      'FEDERATION_INACCESSIBLE: "Space.nope" names no published object type or field (use Type, Type.field or Type.*)',
    );
    expect(() =>
      federationAnnotations(schema, {
        name: typeNamer(''),
        tags: [{ coordinate: 'Nope', tag: 'x' }],
      }),
    ).toThrow('FEDERATION_TAGS: "Nope" names no published object type or field');
  });
});

describe('parseContractSettings', () => {
  it('reads comma-separated coordinate=tag pairs and coordinates', () => {
    expect(
      parseContractSettings(
        ' Space=public, Mutation.*=internal ,',
        'Space.url,Query.referenceAccountsByGroupId',
      ),
    ).toEqual({
      tags: [
        { coordinate: 'Space', tag: 'public' },
        { coordinate: 'Mutation.*', tag: 'internal' },
      ],
      inaccessible: ['Space.url', 'Query.referenceAccountsByGroupId'],
    });
    expect(parseContractSettings(undefined, undefined)).toEqual({ tags: [], inaccessible: [] });
  });

  it.each([
    ['Space', undefined, 'FEDERATION_TAGS: "Space" is not "Type=tag", "Type.field=tag" or "Type.*=tag"'],
    ['Space=a=b', undefined, 'FEDERATION_TAGS: "Space=a=b" is not'],
    ['Sp ace=a', undefined, 'FEDERATION_TAGS: "Sp ace=a" is not'],
    [undefined, 'Space.a.b', 'FEDERATION_INACCESSIBLE: "Space.a.b" is not "Type", "Type.field" or "Type.*"'],
  ])('refuses %s / %s', (tags, inaccessible, message) => {
    expect(() => parseContractSettings(tags, inaccessible)).toThrow(message);
  });
});
