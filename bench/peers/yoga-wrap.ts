/**
 * Bench peer: the smallest wrapper — graphql-yoga serving `wrapSchema` over `buildHTTPExecutor`
 * (its defaults: in-flight de-duplication on). Env: PORT, UPSTREAM_URL, UPSTREAM_AUTHORIZATION.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { wrapSchema } from '@graphql-tools/wrap';
import { buildSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

const executor = buildHTTPExecutor({
  endpoint: process.env.UPSTREAM_URL!,
  headers: { authorization: process.env.UPSTREAM_AUTHORIZATION! },
});
const schema = wrapSchema({
  schema: buildSchema(readFileSync('schema/boomi-spaces.graphql', 'utf8')),
  executor,
});
const yoga = createYoga({ schema, logging: false, landingPage: false, graphiql: false });
createServer(yoga).listen(Number(process.env.PORT), '127.0.0.1');
