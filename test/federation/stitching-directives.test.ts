import { readFileSync } from 'node:fs';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { stitchSchemas } from '@graphql-tools/stitch';
import { stitchingDirectives } from '@graphql-tools/stitching-directives';
import { buildSchema, type ExecutionResult, type GraphQLSchema, graphql, parse } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';
import type { Project } from './helpers/projects-subgraph.ts';
import {
  type StitchingProjectsService,
  startStitchingProjectsService,
} from './helpers/stitching-projects-service.ts';

const MISSING_SPACE_ID = '00000000-0000-4000-8000-000000000000';
const SPACE_IDS = SEED.demoLiveSpaceIds.slice(0, 20);
const PROJECTS: Project[] = Array.from({ length: 50 }, (_, i) => ({
  id: `p${i}`,
  name: `Project ${i}`,
  spaceId: SPACE_IDS[i % 20]!,
}));
const BROKEN: Project[] = [{ id: 'p-missing', name: 'On a missing Space', spaceId: MISSING_SPACE_ID }];

let stack: Stack;
let projects: StitchingProjectsService;
let gateway: GraphQLSchema;
let ourSdl: string;
const spaceNames = new Map<string, string>();

/** A subschema built only from the service's own `_sdl`, as graphql-tools documents it. */
async function subschemaFromSdl(url: string) {
  const executor = buildHTTPExecutor({ endpoint: url });
  const result = (await executor({ document: parse('{ _sdl }') })) as ExecutionResult<{ _sdl: string }>;
  const sdl = result.data!._sdl;
  return { sdl, config: { schema: buildSchema(sdl), executor, batch: true } };
}

beforeAll(async () => {
  stack = await startStack();
  projects = await startStitchingProjectsService(PROJECTS, BROKEN);
  const { stitchingDirectivesTransformer, stitchingDirectivesValidator } = stitchingDirectives();
  const ours = await subschemaFromSdl(stack.url);
  ourSdl = ours.sdl;
  const theirs = await subschemaFromSdl(projects.url);
  for (const s of [ours, theirs]) stitchingDirectivesValidator(s.config.schema);
  gateway = stitchSchemas({
    subschemaConfigTransforms: [stitchingDirectivesTransformer],
    subschemas: [ours.config, theirs.config],
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
  return {
    result: JSON.parse(JSON.stringify(result)) as ExecutionResult<T>,
    upstream: stack.sim.stats().graphqlRequests - before,
  };
}

it('publishes schema/stitching.graphql through _sdl, with Space keyed by id and merged through spacesByIds', () => {
  expect(ourSdl).toBe(readFileSync(new URL('../../schema/stitching.graphql', import.meta.url), 'utf8'));
  expect(ourSdl).toContain('type Space @key(selectionSet: "{ id }") @canonical {');
  expect(ourSdl).toContain('spacesByIds(ids: [ID!]!): [Space]! @merge(keyField: "id")');
  expect(ourSdl).not.toMatch(/_entities|_service|@link|fields: "id"/);
});

it('merges Space across both services: 50 projects over 20 Spaces → 1 upstream request', async () => {
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

it('adds the other service’s Space.projects to our Spaces: 1 upstream request', async () => {
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

it('delivers our extensions.code to the stitching client for a missing Space', async () => {
  const { result, upstream } = await run<{ projectsByIds: unknown[] }>(
    '{ projectsByIds(ids: ["p-missing", "p1"]) { id space { name } } }',
  );
  expect(upstream).toBe(1);
  expect(result.data).toEqual({
    projectsByIds: [
      { id: 'p-missing', space: null },
      { id: 'p1', space: { name: spaceNames.get(SPACE_IDS[1]!) } },
    ],
  });
  expect(result.errors).toEqual([
    {
      message: 'The Space was not found.',
      // Like Hive Gateway, stitching reports it at the first field asked of the merged Space.
      path: ['projectsByIds', 0, 'space', 'name'],
      extensions: { code: 'SPACE_NOT_FOUND', category: 'NOT_FOUND', retryable: false },
    },
  ]);
});
