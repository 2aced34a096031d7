import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';
import {
  composeSupergraph,
  startApolloGateway,
  startGrafbaseGateway,
  startHiveGateway,
  startHiveRouterRuntime,
  type TestGateway,
} from './helpers/gateways.ts';
import {
  PROJECTS_SDL,
  type Project,
  type ProjectsSubgraph,
  startProjectsSubgraph,
} from './helpers/projects-subgraph.ts';

const MISSING_SPACE_ID = '00000000-0000-4000-8000-000000000000';
/** 50 projects over 20 distinct Spaces (project i belongs to Space i mod 20). */
const SPACE_IDS = SEED.demoLiveSpaceIds.slice(0, 20);
const PROJECTS: Project[] = Array.from({ length: 50 }, (_, i) => ({
  id: `p${i}`,
  name: `Project ${i}`,
  spaceId: SPACE_IDS[i % 20]!,
}));
const BROKEN: Project[] = [
  { id: 'p-missing', name: 'Project on a missing Space', spaceId: MISSING_SPACE_ID },
  { id: 'p-deleted', name: 'Project on a deleted Space', spaceId: SEED.deletedSpaceId },
];

let stack: Stack;
let projects: ProjectsSubgraph;
let supergraphSdl: string;
let hints: string[];
let ourSdl: string;
let grafbaseOutput: string[] = [];
const spaceNames = new Map<string, string>();
const spaceGuids = new Map<string, string>();

beforeAll(async () => {
  stack = await startStack();
  projects = await startProjectsSubgraph(PROJECTS, BROKEN);
  const ours = await stack.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
  ourSdl = ours.body.data!._service.sdl;
  ({ supergraphSdl, hints } = composeSupergraph([
    { name: 'spaces', url: stack.url, sdl: ourSdl },
    { name: 'projects', url: projects.url, sdl: PROJECTS_SDL },
  ]));
  const spaces = await stack.query<{ spaces: Array<{ id: string; name: string; guid: string }> }>(
    '{ spaces { id name guid } }',
  );
  for (const s of spaces.body.data!.spaces) {
    spaceNames.set(s.id, s.name);
    spaceGuids.set(s.id, s.guid);
  }
});
afterAll(async () => {
  await projects?.close();
  await stack?.close();
});

async function countUpstream<T>(run: () => Promise<T>): Promise<{ result: T; upstream: number }> {
  const before = stack.sim.stats().graphqlRequests;
  const result = await run();
  return { result, upstream: stack.sim.stats().graphqlRequests - before };
}

it('composes with a second subgraph through @apollo/composition with zero errors and zero hints', () => {
  expect(hints).toEqual([]);
  expect(supergraphSdl).toContain('@join__type(graph: SPACES, key: "id")');
  expect(supergraphSdl).toContain('@join__type(graph: PROJECTS, key: "id")');
});

async function startGrafbase(): Promise<TestGateway> {
  const gateway = await startGrafbaseGateway([
    { name: 'spaces', url: stack.url, sdl: ourSdl },
    { name: 'projects', url: projects.url, sdl: PROJECTS_SDL },
  ]);
  grafbaseOutput = gateway.output;
  return gateway;
}

// Where each gateway places an entity error: Hive Gateway (either planner) on the first field we
// were asked for, Apollo Gateway and Grafbase on the entity field itself. All keep our extensions;
// all but Grafbase add `serviceName`.
describe.each([
  ['Hive Gateway', async () => startHiveGateway(supergraphSdl), ['space', 'name'], { serviceName: 'spaces' }],
  [
    'Hive Gateway with the Hive Router query planner',
    async () => startHiveRouterRuntime(supergraphSdl),
    ['space'],
    { serviceName: 'spaces' },
  ],
  ['Apollo Gateway', async () => startApolloGateway(supergraphSdl), ['space'], { serviceName: 'spaces' }],
  ['Grafbase Gateway', startGrafbase, ['space'], {}],
] as const)('through %s', (_name, start, errorPathTail, gatewayExtensions) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await start();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('50 projects referencing 20 distinct Spaces cost exactly 1 upstream request', async () => {
    const { result, upstream } = await countUpstream(() =>
      gateway.execute<{ projects: unknown[] }>('{ projects { id name space { id name guid createdAt } } }'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.projects).toEqual(
      PROJECTS.map((p) => ({
        id: p.id,
        name: p.name,
        space: {
          id: p.spaceId,
          name: spaceNames.get(p.spaceId),
          guid: spaceGuids.get(p.spaceId),
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      })),
    );
    expect(upstream).toBe(1);
  });

  it('our Spaces with the projects subgraph’s Space.projects: 1 upstream request', async () => {
    const { result, upstream } = await countUpstream(() =>
      gateway.execute<{ spaces: Array<{ id: string; name: string; projects: Array<{ id: string }> }> }>(
        '{ spaces { id name projects { id } } }',
      ),
    );
    expect(result.errors).toBeUndefined();
    const spaces = result.data!.spaces;
    expect(spaces).toHaveLength(23);
    for (const space of spaces) {
      expect(space.name).toBe(spaceNames.get(space.id));
      expect(space.projects.map((p) => p.id)).toEqual(
        PROJECTS.filter((p) => p.spaceId === space.id).map((p) => p.id),
      );
    }
    expect(upstream).toBe(1);
  });

  it('projectsBySpace with space-scoped fields of the Space: 1 request for the Space + 1 for its guid', async () => {
    const spaceId = SPACE_IDS[0]!;
    const { result, upstream } = await countUpstream(() =>
      gateway.execute<{ projectsBySpace: Array<{ id: string; space: { environments: unknown[] } }> }>(
        `query ($s: ID!) { projectsBySpace(spaceId: $s) { id space { id environments { name } } } }`,
        { s: spaceId },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.projectsBySpace.map((p) => p.id)).toEqual(['p0', 'p20', 'p40']);
    for (const p of result.data!.projectsBySpace) expect(p.space.environments.length).toBeGreaterThan(0);
    expect(upstream).toBe(2);
  });

  it('delivers our extensions.code to the client for a missing and a deleted Space', async () => {
    const { result, upstream } = await countUpstream(() =>
      gateway.execute<{ projectsByIds: unknown[] }>(
        '{ projectsByIds(ids: ["p-missing", "p1", "p-deleted"]) { id space { name } } }',
      ),
    );
    expect(upstream).toBe(1);
    expect(result.data).toEqual({
      projectsByIds: [
        { id: 'p-missing', space: null },
        { id: 'p1', space: { name: spaceNames.get(SPACE_IDS[1]!) } },
        { id: 'p-deleted', space: null },
      ],
    });
    const extensions = (code: string) => ({
      code,
      category: 'NOT_FOUND',
      retryable: false,
      ...gatewayExtensions,
    });
    expect(result.errors).toEqual([
      {
        message: 'The Space was not found.',
        path: ['projectsByIds', 0, ...errorPathTail],
        extensions: extensions('SPACE_NOT_FOUND'),
      },
      {
        message: 'The Space has been deleted.',
        path: ['projectsByIds', 2, ...errorPathTail],
        extensions: extensions('SPACE_IS_DELETED'),
      },
    ]);
  });
});

it('Grafbase composed our SDL itself, with warnings only for the directives it does not know', () => {
  const text = grafbaseOutput.join('');
  const unknown = [...text.matchAll(/Unknown directive `@(\w+)`/g)].map((m) => m[1]);
  expect(new Set(unknown)).toEqual(new Set(['cost', 'listSize']));
});
