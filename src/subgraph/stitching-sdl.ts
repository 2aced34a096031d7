import { stitchingDirectives } from '@graphql-tools/stitching-directives';
import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type GraphQLSchema,
  Kind,
  parse,
  print,
  printSchema,
} from 'graphql';
import { FEDERATION_TYPE_NAMES } from './federation.ts';

/** What the stitching SDL marks. */
export interface StitchingShape {
  /** Published name of Space: merged by `id` (`@key(selectionSet: "{ id }")`), canonical here. */
  spaceTypeName: string;
  /** The batched root field a gateway merges Space through (`@merge(keyField: "id")`). */
  mergeField: string;
}

/** Root fields of federation only: a stitching gateway neither needs nor understands them. */
const FEDERATION_ONLY_FIELDS: ReadonlySet<string> = new Set(['_entities', '_service']);

/**
 * The SDL `_sdl` returns and schema/stitching.graphql holds, for gateways built with
 * `@graphql-tools/stitching-directives`: the executable schema without the federation plumbing,
 * the stitching directive definitions, and
 * - `Space @key(selectionSet: "{ id }") @canonical` (our Space's fields and descriptions win where
 *   another service also defines Space),
 * - `spacesByIds(ids:) @merge(keyField: "id")`, so N Space keys of one level cost one request.
 * A separate document from the federation SDL: both specs call their directive `@key`, with
 * different arguments (`fields` vs `selectionSet`).
 */
export function printStitchingSdl(schema: GraphQLSchema, shape: StitchingShape): string {
  const document = parse(printSchema(schema));
  const queryName = schema.getQueryType()?.name;
  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && FEDERATION_TYPE_NAMES.has(definition.name.value)) continue;
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) {
      definitions.push(definition);
    } else if (definition.name.value === shape.spaceTypeName) {
      const selectionSet = stringArgument('selectionSet', '{ id }');
      definitions.push({
        ...definition,
        directives: [directive('key', [selectionSet]), directive('canonical')],
      });
    } else if (definition.name.value === queryName) {
      const fields = (definition.fields ?? [])
        .filter((f) => !FEDERATION_ONLY_FIELDS.has(f.name.value))
        .map((f) =>
          f.name.value === shape.mergeField
            ? { ...f, directives: [directive('merge', [stringArgument('keyField', 'id')])] }
            : f,
        );
      definitions.push({ ...definition, fields });
    } else {
      definitions.push(definition);
    }
  }
  const { allStitchingDirectivesTypeDefs } = stitchingDirectives();
  const typeDefs = print(parse(allStitchingDirectivesTypeDefs));
  return `${typeDefs}\n\n${print({ kind: Kind.DOCUMENT, definitions })}\n`;
}

function directive(name: string, args: ConstDirectiveNode['arguments'] = []): ConstDirectiveNode {
  return { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: name }, arguments: args };
}

function stringArgument(name: string, value: string): NonNullable<ConstDirectiveNode['arguments']>[number] {
  return { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.STRING, value } };
}
