import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  print,
  printSchema,
} from 'graphql';
import { FEDERATION_QUERY_FIELDS, FEDERATION_TYPE_NAMES } from './federation.ts';

/**
 * Version of the federation spec our SDL links: 2.9 for demand control (`@cost`, `@listSize`);
 * 2.5 brought `@authenticated`/`@requiresScopes`, 2.3 entity interfaces, 2.7 progressive `@override`.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.9';

/** How each published type takes part in federation. */
export interface FederationShape {
  /** Entity types we resolve by `id` (`@key(fields: "id")`). */
  entities: readonly string[];
  /** Types other subgraphs may resolve that we only reference (`@key(fields: "id", resolvable: false)`). */
  referencedEntities: readonly string[];
  /** Object types whose fields any subgraph may also resolve (`@shareable`). */
  shareable: readonly string[];
  /**
   * Further directives by schema coordinate of an object type (`Space`) or field (`Space.name`),
   * published names: `@cost`, `@listSize`, `@authenticated`, `@requiresScopes`, `@tag`, `@inaccessible`.
   */
  directives?: ReadonlyMap<string, readonly ConstDirectiveNode[]>;
}

/**
 * The SDL we publish through `_service { sdl }` and in schema/subgraph.graphql: the executable
 * schema without the federation plumbing types and fields, with one `@link` importing exactly
 * the directives used (and `FieldSet`, so the scalar keeps the spec's name), and the directives
 * of {@link FederationShape}.
 */
export function printPublishedSdl(schema: GraphQLSchema, shape: FederationShape): string {
  const document = parse(printSchema(schema));
  const used = new Set<string>();
  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && FEDERATION_TYPE_NAMES.has(definition.name.value)) continue;
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) {
      definitions.push(definition);
      continue;
    }
    const annotated = annotateObject(definition, shape);
    for (const name of directiveNamesOf(annotated)) used.add(name);
    definitions.push(annotated);
  }

  const imports = [...[...used].sort().map((d) => `@${d}`), 'FieldSet'].map((d) => `"${d}"`);
  const link = `extend schema\n  @link(url: "${FEDERATION_SPEC_URL}", import: [${imports.join(', ')}])`;
  const body: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  return `${link}\n\n${print(body)}\n`;
}

/** The object type with its federation directives, and its fields with theirs. */
function annotateObject(
  definition: ObjectTypeDefinitionNode,
  shape: FederationShape,
): ObjectTypeDefinitionNode {
  const name = definition.name.value;
  const extra = shape.directives ?? new Map<string, readonly ConstDirectiveNode[]>();
  const directives: ConstDirectiveNode[] = [];
  if (shape.entities.includes(name)) directives.push(keyDirective(false));
  if (shape.referencedEntities.includes(name)) directives.push(keyDirective(true));
  if (shape.shareable.includes(name)) directives.push(directive('shareable'));
  directives.push(...(extra.get(name) ?? []));
  const fields = (definition.fields ?? [])
    .filter((f) => name !== 'Query' || !FEDERATION_QUERY_FIELDS.has(f.name.value))
    .map((field): FieldDefinitionNode => {
      const own = extra.get(`${name}.${field.name.value}`);
      return own && own.length > 0 ? { ...field, directives: [...(field.directives ?? []), ...own] } : field;
    });
  return { ...definition, directives: [...(definition.directives ?? []), ...directives], fields };
}

function directiveNamesOf(definition: ObjectTypeDefinitionNode): string[] {
  return [
    ...(definition.directives ?? []).map((d) => d.name.value),
    ...(definition.fields ?? []).flatMap((f) => (f.directives ?? []).map((d) => d.name.value)),
  ].filter((name) => name !== 'deprecated');
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
