/**
 * Directives we publish on fields for routers: demand control (`@cost`, `@listSize`, federation
 * 2.9) and authorization (`@authenticated`, `@requiresScopes`, federation 2.5). Data only; the
 * published SDL applies it (see docs/federation.md "Demand control" and "Authorization").
 *
 * Coordinates are upstream (unprefixed) names, `Type.field`, or `Type.*` for every field of a type.
 * Coordinates absent from the schema (e.g. mutations under READ_ONLY) are skipped.
 */

/** A row of the demand-control table: what a field costs a router's estimate. */
export interface FieldCost {
  coordinate: string;
  /** `@cost(weight:)`: the field's own cost; we count one per upstream HTTP request it can add. */
  weight?: number;
  /** `@listSize(assumedSize:)`: list length a router assumes when estimating nested costs. */
  assumedSize?: number;
}

/**
 * Upstream requests each field can add (the unit of our cost): a space-scoped field of Space sends
 * one request per distinct Space (its SPACE_GUID header cannot be merged), a root space-scoped
 * query or a mutation one request each. Fields merged into their parent's request cost nothing
 * extra and are not listed. `assumedSize` is the order of magnitude of a Boomi account's list.
 * The front door's own budget is src/subgraph/upstream-cost.ts (#9); the two are unified at merge.
 */
export const FIELD_COSTS: readonly FieldCost[] = [
  { coordinate: 'Query.spaces', assumedSize: 50 },
  { coordinate: 'Space.accounts', weight: 1, assumedSize: 50 },
  { coordinate: 'Space.integrationPackInstances', weight: 1, assumedSize: 20 },
  { coordinate: 'Space.environments', weight: 1, assumedSize: 10 },
  { coordinate: 'Query.spaceAccounts', weight: 1, assumedSize: 50 },
  { coordinate: 'Query.integrationPackInstances', weight: 1, assumedSize: 20 },
  { coordinate: 'Query.integrationPackInstanceProcesses', weight: 1, assumedSize: 20 },
  { coordinate: 'Query.environments', weight: 1, assumedSize: 10 },
  { coordinate: 'Query.executionHistory', weight: 1, assumedSize: 100 },
  { coordinate: 'Query.integrationPackEnvironmentAttachments', weight: 1, assumedSize: 10 },
  { coordinate: 'Query.IPackInstanceOAuthConnectorDetails', weight: 1 },
  { coordinate: 'Query.referenceAccountsByGroupId', weight: 1, assumedSize: 50 },
  { coordinate: 'Mutation.*', weight: 1 },
];

/** A row of the authorization table: what the router must have verified before resolving. */
export interface FieldAccess {
  coordinate: string;
  /** `@authenticated`: any verified identity. */
  authenticated?: boolean;
  /** `@requiresScopes(scopes:)`: alternatives (OR) of scope sets (AND). */
  scopes?: readonly (readonly string[])[];
}

/**
 * Who may do what: writes need `spaces:write`, the OAuth connector details (which carry tokens)
 * `spaces:oauth`, and everything else a verified identity (the subgraph itself refuses
 * unauthenticated callers when inbound auth is on, #9; the router can refuse them earlier).
 */
export const FIELD_ACCESS: readonly FieldAccess[] = [
  { coordinate: 'Query.*', authenticated: true },
  // Reached through other subgraphs' fields too (entities), not only through our root fields.
  { coordinate: 'Space', authenticated: true },
  { coordinate: 'Mutation.*', scopes: [['spaces:write']] },
  { coordinate: 'Query.IPackInstanceOAuthConnectorDetails', scopes: [['spaces:oauth']] },
  {
    coordinate: 'Mutation.saveIPackInstanceOauthConnectorDetails',
    scopes: [['spaces:write', 'spaces:oauth']],
  },
];
