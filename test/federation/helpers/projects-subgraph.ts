import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** A project of the test "projects" subgraph; `spaceId` references a Space of ours. */
export interface Project {
  id: string;
  name: string;
  spaceId: string;
}

/** SDL of the "projects" subgraph: it owns Project and adds `Space.projects` to our Space entity. */
export const PROJECTS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Project @key(fields: "id") {
    id: ID!
    name: String!
    space: Space
  }

  type Space @key(fields: "id") {
    id: ID!
    projects: [Project!]!
  }

  type Query {
    projects: [Project!]!
    project(id: ID!): Project
    projectsByIds(ids: [ID!]!): [Project]!
    projectsBySpace(spaceId: ID!): [Project!]!
  }
`;

/** A running "projects" subgraph on 127.0.0.1. */
export interface ProjectsSubgraph {
  url: string;
  /** How many HTTP requests reached it. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Starts the "projects" subgraph (built with @apollo/subgraph, served by Yoga) on an ephemeral
 * port. `projects` are listed by `projects`; `unlisted` ones are reachable by id only.
 */
export async function startProjectsSubgraph(
  projects: readonly Project[],
  unlisted: readonly Project[] = [],
): Promise<ProjectsSubgraph> {
  const byId = new Map([...projects, ...unlisted].map((p) => [p.id, p]));
  const schema = buildSubgraphSchema({
    typeDefs: parse(PROJECTS_SDL),
    resolvers: {
      Query: {
        projects: () => projects,
        project: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
        projectsByIds: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => byId.get(id) ?? null),
        projectsBySpace: (_: unknown, { spaceId }: { spaceId: string }) =>
          projects.filter((p) => p.spaceId === spaceId),
      },
      Project: {
        __resolveReference: (ref: { id: string }) => byId.get(ref.id) ?? null,
        space: (project: Project) => ({ __typename: 'Space', id: project.spaceId }),
      },
      Space: {
        projects: (space: { id: string }) => projects.filter((p) => p.spaceId === space.id),
      },
    } as never,
  });
  const yoga = createYoga({ schema, logging: false, graphqlEndpoint: '/graphql', landingPage: false });
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
