import type { MergedTypeConfig } from '@graphql-tools/delegate';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { stitchSchemas } from '@graphql-tools/stitch';
import { schemaFromExecutor } from '@graphql-tools/wrap';
import { type ExecutionResult, type GraphQLSchema, graphql } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';
import { type Project, type ProjectsSubgraph, startProjectsSubgraph } from './helpers/projects-subgraph.ts';

const SPACE_IDS = SEED.demoLiveSpaceIds.slice(0, 20);
const PROJECTS: Project[] = Array.from({ length: 50 }, (_, i) => ({
  id: `p${i}`,
  name: `Project ${i}`,
  spaceId: SPACE_IDS[i % 20]!,
}));

/** Space merged by id through each side's `_entities`: every key of one level goes in one batch. */
const spaceByEntities: MergedTypeConfig = {
  selectionSet: '{ id }',
  fieldName: '_entities',
  key: ({ id }: { id: string }) => ({ __typename: 'Space', id }),
  argsFromKeys: (representations) => ({ representations }),
};

let stack: Stack;
let projects: ProjectsSubgraph;
let gateway: GraphQLSchema;
const spaceNames = new Map<string, string>();

beforeAll(async () => {
  // A stitching gateway introspects its subschemas: hardened subgraphs need INTROSPECTION=true for it.
  stack = await startStack({ env: { INTROSPECTION: 'true' } });
  projects = await startProjectsSubgraph(PROJECTS);
  const spacesExecutor = buildHTTPExecutor({ endpoint: stack.url });
  const projectsExecutor = buildHTTPExecutor({ endpoint: projects.url });
  gateway = stitchSchemas({
    subschemas: [
      {
        schema: await schemaFromExecutor(spacesExecutor),
        executor: spacesExecutor,
        batch: true,
        merge: { Space: spaceByEntities },
      },
      {
        schema: await schemaFromExecutor(projectsExecutor),
        executor: projectsExecutor,
        batch: true,
        merge: { Space: spaceByEntities },
      },
    ],
  });
  const spaces = await stack.query<{ spaces: Array<{ id: string; name: string }> }>('{ spaces { id name } }');
  for (const s of spaces.body.data!.spaces) spaceNames.set(s.id, s.name);
});
afterAll(async () => {
  await projects?.close();
  await stack?.close();
});

async function run<T>(source: string): Promise<{ result: ExecutionResult<T>; upstream: number }> {
  const before = stack.sim.stats().graphqlRequests;
  const result = (await graphql({ schema: gateway, source, contextValue: {} })) as ExecutionResult<T>;
  return { result, upstream: stack.sim.stats().graphqlRequests - before };
}

it('a schema-stitching gateway merges Space by id: 50 projects over 20 Spaces → 1 upstream request', async () => {
  const { result, upstream } = await run<{ projects: unknown[] }>(
    '{ projects { id space { id name guid hasLogo } } }',
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.projects).toEqual(
    PROJECTS.map((p) => ({
      id: p.id,
      space: {
        id: p.spaceId,
        name: spaceNames.get(p.spaceId),
        guid: expect.any(String),
        hasLogo: expect.any(Boolean),
      },
    })),
  );
  expect(upstream).toBe(1);
});

it('a schema-stitching gateway adds the projects of each of our Spaces: 1 upstream request', async () => {
  const { result, upstream } = await run<{ spaces: Array<{ id: string; projects: Array<{ id: string }> }> }>(
    '{ spaces { id projects { id } } }',
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.spaces).toHaveLength(23);
  for (const space of result.data!.spaces) {
    expect(space.projects.map((p) => p.id)).toEqual(
      PROJECTS.filter((p) => p.spaceId === space.id).map((p) => p.id),
    );
  }
  expect(upstream).toBe(1);
});
