import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';

/** What {@link rebuildError} changes; everything not given is kept from the error being rebuilt. */
export interface RebuildOverrides {
  /** @default the error's message */
  message?: string;
  /** @default the error's path */
  path?: readonly (string | number)[];
  /** @default the error's extensions (none for a plain Error) */
  extensions?: GraphQLErrorExtensions;
  /**
   * Kept only when given: a rebuilt client-facing error normally drops what it wrapped.
   * @default none
   */
  originalError?: Error;
}

/**
 * A new GraphQLError at the same place in the document (nodes, source, positions) as `error`, with the
 * given overrides. GraphQLError fields are read-only, so moving an error to another path, or trimming its
 * extensions, means building a new one; this is the one place that does it.
 */
export function rebuildError(error: Error, overrides: RebuildOverrides = {}): GraphQLError {
  const source = error instanceof GraphQLError ? error : undefined;
  const path = overrides.path ?? source?.path;
  const extensions = overrides.extensions ?? source?.extensions;
  return new GraphQLError(overrides.message ?? error.message, {
    ...(source?.nodes ? { nodes: source.nodes } : {}),
    ...(source?.source ? { source: source.source } : {}),
    ...(source?.positions ? { positions: source.positions } : {}),
    ...(path ? { path: [...path] } : {}),
    ...(extensions ? { extensions } : {}),
    ...(overrides.originalError ? { originalError: overrides.originalError } : {}),
  });
}
