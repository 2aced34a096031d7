/**
 * The root value handed to graphql-js: every root resolver wrapped with the checks that apply to all
 * operations (auth method, caller identity, injected resolver exceptions) and, for mutations, the
 * mutation log entry written once the mutation has been applied.
 */
import { callerAccount } from './access.ts';
import { domainError } from './error-codes.ts';
import { accountQueries } from './resolvers-accounts.ts';
import { listingMutations, listingQueries } from './resolvers-listings.ts';
import { oauthMutations, oauthQueries } from './resolvers-oauth.ts';
import { platformMutations, platformQueries } from './resolvers-platform.ts';
import { spaceMutations, spaceQueries } from './resolvers-spaces.ts';
import type { RootResolver, RootResolvers } from './root-types.ts';
import { sanitizeArgs } from './upload.ts';

const QUERIES: RootResolvers = {
  ...spaceQueries,
  ...accountQueries,
  ...platformQueries,
  ...oauthQueries,
  ...listingQueries,
};

const MUTATIONS: RootResolvers = {
  ...spaceMutations,
  ...platformMutations,
  ...oauthMutations,
  ...listingMutations,
};

/** Names of every implemented root field (tests check these cover the SDL). */
export const IMPLEMENTED_ROOT_FIELDS = { query: Object.keys(QUERIES), mutation: Object.keys(MUTATIONS) };

function wrap(name: string, kind: 'query' | 'mutation', resolve: RootResolver): RootResolver {
  return (args, ctx, info) => {
    if (ctx.authMethod === 'basic') {
      throw domainError(
        'INVALID_AUTH_METHOD',
        'The Spaces API accepts only a bearer JWT (Authorization: Bearer <JWT>)',
      );
    }
    const accountId = callerAccount(ctx);
    if (kind === 'mutation' && !ctx.caller.userId) {
      throw domainError('MISSING_OP_USER_ID', 'The calling user id could not be determined');
    }
    if (ctx.faults.applies([name]) && ctx.faults.resolverException()) {
      ctx.stats.countFault('resolverException');
      throw new Error(`simulated unexpected exception in ${name}`);
    }
    const result = resolve(args, ctx, info);
    if (kind === 'mutation') {
      ctx.stats.logMutation({
        operation: name,
        accountId,
        ...(ctx.spaceGuid !== undefined ? { spaceGuid: ctx.spaceGuid } : {}),
        args: sanitizeArgs(args),
      });
    }
    return result;
  };
}

/** Builds the root value (query and mutation fields share one object, as graphql-js allows). */
export function createRootValue(): Record<string, RootResolver> {
  const root: Record<string, RootResolver> = {};
  for (const [name, fn] of Object.entries(QUERIES)) root[name] = wrap(name, 'query', fn);
  for (const [name, fn] of Object.entries(MUTATIONS)) root[name] = wrap(name, 'mutation', fn);
  return root;
}
