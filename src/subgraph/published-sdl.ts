import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  parse,
  print,
  printSchema,
} from 'graphql';
import { FEDERATION_QUERY_FIELDS, FEDERATION_TYPE_NAMES } from './federation.ts';

/** Version of the federation spec our SDL links. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

/** How each published type takes part in federation. */
export interface FederationShape {
  /** Entity types we resolve by `id` (`@key(fields: "id")`). */
  entities: readonly string[];
  /** Types other subgraphs may resolve that we only reference (`@key(fields: "id", resolvable: false)`). */
  referencedEntities: readonly string[];
  /** Object types whose fields any subgraph may also resolve (`@shareable`). */
  shareable: readonly string[];
}

/**
 * The SDL we publish through `_service { sdl }` and in schema/subgraph.graphql: the executable
 * schema without the federation plumbing types and fields, with one `@link` importing exactly
 * the directives used, and the `@key`/`@shareable` directives of {@link FederationShape}.
 */
export function printPublishedSdl(schema: GraphQLSchema, shape: FederationShape): string {
  const document = parse(printSchema(schema));
  const entities = new Set(shape.entities);
  const referenced = new Set(shape.referencedEntities);
  const shareable = new Set(shape.shareable);
  const used = new Set<string>();

  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && FEDERATION_TYPE_NAMES.has(definition.name.value)) continue;
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) {
      definitions.push(definition);
      continue;
    }
    const name = definition.name.value;
    if (name === 'Query') {
      definitions.push({
        ...definition,
        fields: (definition.fields ?? []).filter((f) => !FEDERATION_QUERY_FIELDS.has(f.name.value)),
      });
      continue;
    }
    const directives: ConstDirectiveNode[] = [];
    if (entities.has(name)) directives.push(keyDirective(false));
    if (referenced.has(name)) directives.push(keyDirective(true));
    if (shareable.has(name)) directives.push(directive('shareable'));
    for (const d of directives) used.add(d.name.value);
    definitions.push(directives.length > 0 ? { ...definition, directives } : definition);
  }

  const imports = [...used].sort().map((d) => `"@${d}"`);
  const link = `extend schema\n  @link(url: "${FEDERATION_SPEC_URL}", import: [${imports.join(', ')}])`;
  const body: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  return `${link}\n\n${print(body)}\n`;
}

function directive(name: string, args: ConstDirectiveNode['arguments'] = []): ConstDirectiveNode {
  return { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: name }, arguments: args };
}

function keyDirective(notResolvable: boolean): ConstDirectiveNode {
  const args: NonNullable<ConstDirectiveNode['arguments']>[number][] = [
    {
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: 'fields' },
      value: { kind: Kind.STRING, value: 'id' },
    },
  ];
  if (notResolvable) {
    args.push({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: 'resolvable' },
      value: { kind: Kind.BOOLEAN, value: false },
    });
  }
  return directive('key', args);
}
