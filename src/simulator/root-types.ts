/** Shape of the root resolver maps. */
import type { GraphQLResolveInfo } from 'graphql';
import type { SimContext } from './context.ts';

/** A root field resolver: graphql-js calls functions on the root value with (args, context, info). */
export type RootResolver = (
  args: Record<string, unknown>,
  ctx: SimContext,
  info: GraphQLResolveInfo,
) => unknown;

/** Root resolvers by field name. */
export type RootResolvers = Record<string, RootResolver>;
