/**
 * The bench's query mix. Each query has the text the subgraph is sent and the equivalent text for
 * targets that speak the upstream schema (direct, Hive Gateway, yoga + wrapSchema), which has no
 * computed fields and no `_entities`. In *unique* mode every request differs by a nested alias
 * (wrapped delegation drops a root alias from the upstream document, a nested one it keeps), so
 * neither de-duplication nor a cache nor a document cache can help.
 */

/** Which schema a target serves. */
export type Dialect = 'subgraph' | 'upstream';
export type Mode = 'repeated' | 'unique';

export interface BenchQuery {
  name: string;
  /** Client connections for this query (a mutation runs at low concurrency). */
  connections?: number;
  /** Modes it runs in (a mutation is never merged by anyone, so only `repeated`). */
  modes: readonly Mode[];
  /** The request body for a dialect; `k` is the request's sequence number in unique mode. */
  body(dialect: Dialect, k: number | undefined): string;
}

/** Data the bodies need, read from the simulator before the run. */
export interface Fixture {
  spaceIds: readonly string[];
  mutationSpace: { id: string; name: string };
}

const alias = (k: number | undefined, field: string) => (k === undefined ? field : `u${k}: ${field}`);

/** Representations per `_entities` request. */
export const ENTITY_REFS = 100;

export function benchQueries(fixture: Fixture): BenchQuery[] {
  const refs = Array.from({ length: ENTITY_REFS }, (_, i) => ({
    __typename: 'Space',
    id: fixture.spaceIds[i % fixture.spaceIds.length],
  }));
  return [
    {
      name: 'plain list',
      modes: ['repeated', 'unique'],
      body: (_dialect, k) => JSON.stringify({ query: `{ spaces { id ${alias(k, 'name')} } }` }),
    },
    {
      name: 'nested + computed',
      modes: ['repeated', 'unique'],
      body: (dialect, k) => {
        // Upstream targets fetch what our computed fields are derived from (url → guid, createdDate → createdAt).
        const computed = dialect === 'subgraph' ? 'guid createdAt' : 'url createdDate';
        return JSON.stringify({
          query: `{ spaces { id name ${computed} accountGroup { ${alias(k, 'name')} } } }`,
        });
      },
    },
    {
      name: `_entities x${ENTITY_REFS}`,
      modes: ['repeated', 'unique'],
      body: (dialect, k) => {
        if (dialect === 'subgraph') {
          return JSON.stringify({
            query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id ${alias(k, 'name')} } } }`,
            variables: { r: refs },
          });
        }
        // What the subgraph sends upstream for it: one aliased space(id:) per distinct id.
        const fields = fixture.spaceIds.map(
          (id, i) => `s${i}: space(id: "${id}") { id ${alias(k, 'name')} }`,
        );
        return JSON.stringify({ query: `{ ${fields.join(' ')} }` });
      },
    },
    {
      name: 'mutation',
      connections: 2,
      modes: ['repeated'],
      body: () =>
        JSON.stringify({
          query:
            'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name }) { id name } }',
          variables: fixture.mutationSpace,
        }),
    },
  ];
}
