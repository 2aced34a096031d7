import { buildSchema, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  federationAnnotations,
  parseContractSettings,
} from '../../../src/subgraph/federation-annotations.ts';
import { typeNamer } from '../../../src/subgraph/type-names.ts';

const schema = buildSchema(/* GraphQL */ `
  type Query { spaces: [BoomiSpace] _entities: [String] }
  type Mutation { a: Int b: Int }
  type BoomiSpace { id: ID! environments: [String] }
`);
const printed = (map: ReturnType<typeof federationAnnotations>) =>
  Object.fromEntries([...map].map(([k, v]) => [k, v.map((d) => print(d)).join(' ')]));

describe('federationAnnotations', () => {
  it('maps table rows through the type prefix, expands Type.*, lets a later row replace an earlier one, skips what is absent', () => {
    const map = federationAnnotations(schema, {
      name: typeNamer('Boomi'),
      costs: [
        { coordinate: 'Space.environments', weight: 1, assumedSize: 10 },
        { coordinate: 'Mutation.*', weight: 1 },
        { coordinate: 'Mutation.b', weight: 3 },
        { coordinate: 'Space.absent', weight: 9 },
      ],
      access: [
        { coordinate: 'Query.*', authenticated: true },
        { coordinate: 'Mutation.a', scopes: [['w']] },
      ],
      authorization: true,
    });
    expect(printed(map)).toEqual({
      'BoomiSpace.environments': '@cost(weight: 1) @listSize(assumedSize: 10)',
      'Mutation.a': '@cost(weight: 1) @requiresScopes(scopes: [["w"]])',
      'Mutation.b': '@cost(weight: 3)',
      'Query.spaces': '@authenticated',
    });
  });

  it('publishes no authorization directives unless asked', () => {
    const map = federationAnnotations(schema, {
      name: typeNamer(''),
      costs: [],
      access: [{ coordinate: 'Query.*', authenticated: true }],
    });
    expect(map.size).toBe(0);
  });

  it('adds contract tags (repeatable) and inaccessible marks by published coordinate', () => {
    const map = federationAnnotations(schema, {
      name: typeNamer(''),
      costs: [],
      tags: [
        { coordinate: 'BoomiSpace', tag: 'public' },
        { coordinate: 'BoomiSpace', tag: 'partner' },
        { coordinate: 'Mutation.*', tag: 'internal' },
      ],
      inaccessible: ['BoomiSpace.environments'],
    });
    expect(printed(map)).toEqual({
      BoomiSpace: '@tag(name: "public") @tag(name: "partner")',
      'Mutation.a': '@tag(name: "internal")',
      'Mutation.b': '@tag(name: "internal")',
      'BoomiSpace.environments': '@inaccessible',
    });
  });

  it('refuses a contract coordinate that names nothing, naming the setting', () => {
    expect(() =>
      federationAnnotations(schema, { name: typeNamer(''), costs: [], inaccessible: ['Space.nope'] }),
    ).toThrow(
      'FEDERATION_INACCESSIBLE: "Space.nope" names no published object type or field (use Type, Type.field or Type.*)',
    );
    expect(() =>
      federationAnnotations(schema, {
        name: typeNamer(''),
        costs: [],
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
