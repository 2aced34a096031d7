import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';

/** A tiny Yoga for plugin unit tests: `hello`, `fail` which errors with a code, and `boom` (a bug: a plain Error). */
export function yogaWith(plugins: Plugin[]) {
  return createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello: String, fail: String, boom: String }',
      resolvers: {
        Query: {
          hello: () => 'world',
          fail: () => {
            throw new GraphQLError('nope', { extensions: { code: 'RATE_LIMITED' } });
          },
          boom: () => {
            throw new Error('a bug');
          },
        },
      },
    }),
    logging: false,
    plugins,
  });
}

/** POSTs a GraphQL operation to the in-process Yoga. */
export function post(yoga: ReturnType<typeof yogaWith>, query: string, headers: Record<string, string> = {}) {
  return yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}
