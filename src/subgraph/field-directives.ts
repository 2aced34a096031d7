/**
 * Authorization directives we publish on fields for routers (`@authenticated`, `@requiresScopes`,
 * federation 2.5). Data only; the published SDL applies it (docs/federation.md "Authorization").
 * Demand control (`@cost`, `@listSize`) has no table here: it is derived from the one upstream
 * cost model, src/subgraph/upstream-cost.ts (see src/subgraph/cost-directives.ts).
 *
 * Coordinates are upstream (unprefixed) names, `Type.field`, or `Type.*` for every field of a type.
 * Coordinates absent from the schema (e.g. mutations under READ_ONLY) are skipped.
 */

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
