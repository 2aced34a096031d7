import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** A test subgraph running on 127.0.0.1. */
export interface RunningSubgraph {
  url: string;
  close(): Promise<void>;
}

/** Serves `sdl` with `resolvers` (built with @apollo/subgraph, served by Yoga) on an ephemeral port. */
export async function startSubgraph(
  sdl: string,
  resolvers: Record<string, unknown>,
): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
  const yoga = createYoga({ schema, logging: false, landingPage: false });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
