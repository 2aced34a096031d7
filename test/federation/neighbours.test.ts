import { readFileSync } from 'node:fs';
import { composeServices as apolloCompose } from '@apollo/composition';
import { composeServices as guildCompose } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSubgraphSdl } from '../../scripts/print-subgraph-schema.ts';
import { NEIGHBOURS, type NeighbourName } from './helpers/neighbours.ts';

type Composer = (subgraphs: Array<{ name: string; sdl: string }>) => {
  errors: string[];
  supergraphSdl?: string;
};

const COMPOSERS: Array<[string, Composer]> = [
  [
    '@apollo/composition',
    (subgraphs) => {
      const result = apolloCompose(
        subgraphs.map((s) => ({ name: s.name, url: `http://127.0.0.1/${s.name}`, typeDefs: parse(s.sdl) })),
      );
      return result.errors
        ? { errors: result.errors.map((e) => e.message) }
        : { errors: [], supergraphSdl: result.supergraphSdl };
    },
  ],
  [
    '@theguild/federation-composition',
    (subgraphs) => {
      const result = guildCompose(
        subgraphs.map((s) => ({ name: s.name, url: `http://127.0.0.1/${s.name}`, typeDefs: parse(s.sdl) })),
      );
      return result.errors
        ? { errors: result.errors.map((e) => e.message) }
        : { errors: [], supergraphSdl: result.supergraphSdl };
    },
  ],
];

let ours: string;
let oursWithAuthorization: string;
beforeAll(async () => {
  ours = await renderSubgraphSdl();
  oursWithAuthorization = await renderSubgraphSdl({ authorizationDirectives: true });
});

const compose = (composer: Composer, neighbour: NeighbourName, sdl = ours) =>
  composer([
    { name: 'spaces', sdl },
    { name: neighbour, sdl: NEIGHBOURS[neighbour] },
  ]);

describe.each(COMPOSERS)('%s', (_name, composer) => {
  it.each(Object.keys(NEIGHBOURS) as NeighbourName[])('composes with the %s neighbour', (neighbour) => {
    expect(compose(composer, neighbour).errors).toEqual([]);
  });

  it('an account-group owner reaches our AccountGroup fields from its root field (entity, not resolvable: false)', () => {
    const { supergraphSdl } = compose(composer, 'account-groups');
    expect(supergraphSdl).toMatch(/type AccountGroup\s[^{]*@join__type\(graph: SPACES, key: "id"\)/);
    expect(supergraphSdl).not.toMatch(/graph: SPACES, key: "id", resolvable: false/);
  });

  it('composes with every neighbour at once', () => {
    const all = composer([
      { name: 'spaces', sdl: ours },
      ...(Object.keys(NEIGHBOURS) as NeighbourName[]).map((n) => ({ name: n, sdl: NEIGHBOURS[n] })),
    ]);
    expect(all.errors).toEqual([]);
  });

  it('composes with the authorization directives published (FEDERATION_AUTHORIZATION_DIRECTIVES=true)', () => {
    const result = compose(composer, 'account-groups', oursWithAuthorization);
    expect(result.errors).toEqual([]);
    expect(result.supergraphSdl).toContain('@requiresScopes(scopes: [["spaces:write"]])');
  });

  it('carries our demand-control directives into the supergraph', () => {
    const { supergraphSdl } = compose(composer, 'account-groups');
    expect(supergraphSdl).toMatch(/environments: \[Environment\][^\n]*@cost\(weight: 1\)/);
    expect(supergraphSdl).toMatch(/spaces: \[Space\][^\n]*@listSize\(assumedSize: 25/);
  });
});

it('docs/federation.md shows each neighbour SDL exactly as tested', () => {
  const docs = readFileSync(new URL('../../docs/federation.md', import.meta.url), 'utf8');
  for (const sdl of Object.values(NEIGHBOURS)) expect(docs).toContain(sdl);
});
