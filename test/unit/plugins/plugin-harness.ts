import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { useErrorNormalization } from '../../../src/plugins/use-error-normalization.ts';
import { silentLogger } from '../../../src/upstream/logger-types.ts';

/** A Yoga with a tiny schema, the plugins under test, and our masking path, as server.ts wires it. */
export function yogaWith(plugins: Plugin[], typeDefs = 'type Query { hello: String, deep: Query }') {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: { hello: () => 'world', ...(typeDefs.includes('deep:') ? { deep: () => ({}) } : {}) },
      },
    }),
    maskedErrors: false,
    logging: false,
    plugins: [...plugins, useErrorNormalization({ logger: silentLogger })],
  });
  return {
    async post(query: string, variables?: Record<string, unknown>) {
      const res = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          data?: unknown;
          errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
        },
      };
    },
    fetch: (path: string, init: RequestInit = {}) => yoga.fetch(new Request(`http://localhost${path}`, init)),
  };
}
