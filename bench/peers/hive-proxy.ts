/**
 * Bench peer: Hive Gateway in proxy mode in front of the simulator, with its defaults (in-flight
 * de-duplication on) unless BENCH_DEDUP=false. Env: PORT, UPSTREAM_URL, UPSTREAM_AUTHORIZATION.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const gateway = createGatewayRuntime({
  proxy: {
    endpoint: process.env.UPSTREAM_URL!,
    headers: { authorization: process.env.UPSTREAM_AUTHORIZATION! },
    deduplicateInflightRequests: process.env.BENCH_DEDUP !== 'false',
  },
  // The committed snapshot, as the subgraph uses: no introspection round trip at start-up.
  schema: readFileSync('schema/boomi-spaces.graphql', 'utf8'),
  logging: false,
  landingPage: false,
  graphiql: false,
});
createServer(gateway).listen(Number(process.env.PORT), '127.0.0.1');
