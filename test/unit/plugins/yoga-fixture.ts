import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';

/** A tiny Yoga for plugin unit tests: `hello`, and `fail` which errors with a code. */
export function yogaWith(plugins: Plugin[]) {
  return createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello: String, fail: String }',
      resolvers: {
        Query: {
          hello: () => 'world',
          fail: () => {
            throw new GraphQLError('nope', { extensions: { code: 'RATE_LIMITED' } });
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
