/**
 * The executable schema: the upstream SDL (schema/boomi-spaces.graphql) as is, optionally without
 * one of the `space` / `Space` root fields (then it is absent from introspection too).
 */
import { readFileSync } from 'node:fs';
import { buildASTSchema, type DocumentNode, type GraphQLSchema, Kind, parse } from 'graphql';

/** Path of the upstream SDL (same relative location from src/simulator and dist/simulator). */
export const SDL_URL = new URL('../../schema/boomi-spaces.graphql', import.meta.url);

let sdlDocument: DocumentNode | undefined;

// The SDL is immutable, so parsing it once per process is safe (no per-instance state here).
function upstreamDocument(): DocumentNode {
  sdlDocument ??= parse(readFileSync(SDL_URL, 'utf8'));
  return sdlDocument;
}

/** Builds the simulator schema with only the given get-by-id fields. */
export function buildSimulatorSchema(spaceQueryFields: ReadonlyArray<'space' | 'Space'>): GraphQLSchema {
  const drop = new Set(['space', 'Space'].filter((f) => !spaceQueryFields.includes(f as 'space' | 'Space')));
  const doc = upstreamDocument();
  const filtered: DocumentNode = {
    ...doc,
    definitions: doc.definitions.map((def) => {
      if (def.kind === Kind.OBJECT_TYPE_DEFINITION && def.name.value === 'Query') {
        return { ...def, fields: def.fields?.filter((f) => !drop.has(f.name.value)) ?? [] };
      }
      return def;
    }),
  };
  return buildASTSchema(filtered);
}
