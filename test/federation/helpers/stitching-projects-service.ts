import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { stitchingDirectives } from '@graphql-tools/stitching-directives';
import { createYoga } from 'graphql-yoga';
import type { Project } from './projects-subgraph.ts';

const { allStitchingDirectivesTypeDefs, stitchingDirectivesValidator } = stitchingDirectives();

/**
 * SDL of a "projects" service for stitching gateways (graphql-tools' stitching-directives
 * convention): it owns Project, references our Space by id and adds `Space.projects`.
 */
export const STITCHING_PROJECTS_SDL = /* GraphQL */ `
  ${allStitchingDirectivesTypeDefs}
  type Project {
    id: ID!
    name: String!
    space: Space
  }
  type Space @key(selectionSet: "{ id }") {
    id: ID!
    projects: [Project!]!
  }
  type Query {
    projects: [Project!]!
    projectsByIds(ids: [ID!]!): [Project]!
    _spacesByIds(ids: [ID!]!): [Space]! @merge(keyField: "id")
    _sdl: String!
  }
`;

/** A running stitching "projects" service on 127.0.0.1. */
export interface StitchingProjectsService {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

/** Starts the service; `unlisted` projects are reachable by id only. */
export async function startStitchingProjectsService(
  projects: readonly Project[],
  unlisted: readonly Project[] = [],
): Promise<StitchingProjectsService> {
  const byId = new Map([...projects, ...unlisted].map((p) => [p.id, p]));
  const schema = stitchingDirectivesValidator(
    makeExecutableSchema({
      typeDefs: STITCHING_PROJECTS_SDL,
      resolvers: {
        Query: {
          projects: () => projects,
          projectsByIds: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => byId.get(id) ?? null),
          _spacesByIds: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id })),
          _sdl: () => STITCHING_PROJECTS_SDL,
        },
        Project: { space: (p: Project) => ({ id: p.spaceId }) },
        Space: { projects: (s: { id: string }) => projects.filter((p) => p.spaceId === s.id) },
      },
    }),
  );
  const yoga = createYoga({ schema, logging: false, landingPage: false });
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    void yoga.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
