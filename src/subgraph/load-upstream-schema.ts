import { readFile } from 'node:fs/promises';
import type { Executor } from '@graphql-tools/utils';
import { schemaFromExecutor } from '@graphql-tools/wrap';
import { buildSchema, type GraphQLSchema } from 'graphql';

/** Where the upstream schema comes from: the committed snapshot, or live introspection. */
export type UpstreamSchemaSource =
  | { source: 'snapshot'; path: string }
  | { source: 'introspect'; executor: Executor };

/**
 * Loads the upstream (Boomi) schema. The snapshot in schema/boomi-spaces.graphql is the default:
 * start-up then needs no upstream call. Introspection asks the live upstream through the same
 * executor as every other request (JWT, retries, breaker).
 */
export async function loadUpstreamSchema(from: UpstreamSchemaSource): Promise<GraphQLSchema> {
  if (from.source === 'snapshot') {
    const sdl = await readFile(from.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `Cannot read the upstream schema snapshot at ${from.path}: ${error.code ?? error.message}`,
      );
    });
    return buildSchema(sdl);
  }
  return schemaFromExecutor(from.executor, {});
}
