/**
 * The neighbour subgraphs docs/federation.md tells other teams to write, verbatim (the docs test
 * checks each SDL appears there character for character).
 */
export const NEIGHBOURS = {
  /** A subgraph that owns account groups and lists them from its own root field. */
  'account-groups': /* GraphQL */ `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

type Query {
  groups: [AccountGroup]
}

type AccountGroup @key(fields: "id") {
  id: ID!
  region: String
}
`,
  /** A subgraph that adds a field to Space computed from one of ours. */
  'space-requires': /* GraphQL */ `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])

type Space @key(fields: "id") {
  id: ID!
  name: String! @external
  slug: String! @requires(fields: "name")
}
`,
  /** A subgraph that takes over resolving one Space field, for a quarter of the traffic. */
  'space-override': /* GraphQL */ `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"])

type Space @key(fields: "id") {
  id: ID!
  description: String @override(from: "spaces", label: "percent(25)")
}
`,
  /** A subgraph with an entity interface that our Space implements. */
  'entity-interface': /* GraphQL */ `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

interface Resource @key(fields: "id") {
  id: ID!
}

type Space implements Resource @key(fields: "id") {
  id: ID!
}

type Document implements Resource @key(fields: "id") {
  id: ID!
  title: String
}

type Query {
  resources: [Resource]
}
`,
  /** A subgraph that also wraps Boomi and returns environments from its own root field, declaring only some fields. */
  'boomi-wrapper': /* GraphQL */ `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])

type Query {
  envs: [Environment]
}

type Environment @shareable {
  id: ID
  name: String
  classification: Classification
}

enum Classification {
  PROD
  TEST
}
`,
} as const;

export type NeighbourName = keyof typeof NEIGHBOURS;
