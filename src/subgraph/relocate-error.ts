import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { rebuildError } from '../errors/rebuild-error.ts';
import { subgraphError } from '../errors/subgraph-error.ts';

/** The response path of the field being resolved, as an array. */
export function pathOf(info: GraphQLResolveInfo): Array<string | number> {
  const path: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}

/**
 * The error at the given path, keeping message and extensions. graphql-js keeps the path of an
 * error that already has one, and a delegated error carries the upstream's path (`["space"]`,
 * `[…, "sharedIpacks"]`), so re-throwing it would point the client at a field it did not ask
 * for: the error is rebuilt instead.
 */
export function relocated(error: unknown, path: ReadonlyArray<string | number>): GraphQLError {
  if (!(error instanceof Error)) return subgraphError('INTERNAL_SERVER_ERROR', { path });
  const originalError = error instanceof GraphQLError ? error.originalError : undefined;
  return rebuildError(error, { path, originalError: originalError ?? error });
}
