import { type ConstDirectiveNode, type GraphQLSchema, isObjectType, Kind, parse } from 'graphql';
import { costDirectives } from './cost-directives.ts';
import { FEDERATION_QUERY_FIELDS } from './federation.ts';
import { FIELD_ACCESS, type FieldAccess } from './field-directives.ts';
import type { TypeNamer } from './type-names.ts';

/** Contract settings: which parts of the schema carry `@tag`/`@inaccessible` (published names). */
export interface ContractOptions {
  /** `@tag(name:)` per coordinate (`Space`, `Space.accounts`, `Mutation.*`). @default [] */
  tags?: readonly { coordinate: string; tag: string }[];
  /** Coordinates marked `@inaccessible`. @default [] */
  inaccessible?: readonly string[];
}

export interface AnnotationOptions extends ContractOptions {
  /** Maps upstream type names to published ones (TYPE_PREFIX). */
  name: TypeNamer;
  /** Published type name → upstream name, to look fields up in the cost model. @default identity */
  upstreamName?: (publishedName: string) => string;
  /** `@listSize(assumedSize:)` of the lists the cost model sizes (UPSTREAM_COST_LIST_SIZE). @default 25 */
  assumedListSize?: number;
  /** @default FIELD_ACCESS */
  access?: readonly FieldAccess[];
  /**
   * Publish `@authenticated`/`@requiresScopes`. Off by default: `@apollo/gateway` refuses a
   * supergraph with these SECURITY features ("is for: SECURITY but is unsupported").
   * @default false
   */
  authorization?: boolean;
}

type Directives = Map<string, ConstDirectiveNode[]>;

/**
 * The directives by published coordinate that the published SDL adds to types and fields: demand
 * control derived from the upstream cost model (src/subgraph/cost-directives.ts), authorization
 * from its data table (rows whose coordinate the schema lacks, e.g.
 * mutations under READ_ONLY, are skipped), and the contract's tags and inaccessible marks (which
 * must name something that exists: a typo would silently publish nothing).
 */
export function federationAnnotations(schema: GraphQLSchema, options: AnnotationOptions): Directives {
  const out: Directives = new Map();
  // A later row replaces an earlier one's directive of the same name (`Type.field` after `Type.*`);
  // only `@tag` is repeatable.
  const add = (coordinates: readonly string[], text: string) => {
    const nodes = parseDirectives(text);
    const names = new Set(nodes.filter((n) => n.name.value !== 'tag').map((n) => n.name.value));
    for (const c of coordinates) {
      out.set(c, [...(out.get(c) ?? []).filter((d) => !names.has(d.name.value)), ...nodes]);
    }
  };
  const upstream = (coordinate: string) => {
    const [type = '', field] = coordinate.split('.');
    return expand(schema, field === undefined ? options.name(type) : `${options.name(type)}.${field}`);
  };
  const costs = costDirectives(schema, {
    ...(options.upstreamName ? { upstreamTypeName: options.upstreamName } : {}),
    ...(options.assumedListSize === undefined ? {} : { assumedListSize: options.assumedListSize }),
  });
  for (const [coordinate, { weight, assumedSize }] of costs) {
    if (weight !== undefined) add([coordinate], `@cost(weight: ${weight})`);
    if (assumedSize !== undefined) add([coordinate], `@listSize(assumedSize: ${assumedSize})`);
  }
  if (options.authorization ?? false) {
    for (const row of options.access ?? FIELD_ACCESS) {
      if (row.authenticated) add(upstream(row.coordinate), '@authenticated');
      if (row.scopes) add(upstream(row.coordinate), `@requiresScopes(scopes: ${JSON.stringify(row.scopes)})`);
    }
  }
  for (const { coordinate, tag } of options.tags ?? []) {
    add(existing(schema, coordinate, 'FEDERATION_TAGS'), `@tag(name: ${JSON.stringify(tag)})`);
  }
  for (const coordinate of options.inaccessible ?? []) {
    add(existing(schema, coordinate, 'FEDERATION_INACCESSIBLE'), '@inaccessible');
  }
  return out;
}

/** The published coordinates a coordinate names (`Type.*` → every published field), [] when absent. */
function expand(schema: GraphQLSchema, coordinate: string): string[] {
  const [typeName = '', fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return [];
  if (fieldName === undefined) return [typeName];
  const fields = Object.keys(type.getFields()).filter(
    (f) => !(type === schema.getQueryType() && FEDERATION_QUERY_FIELDS.has(f)),
  );
  if (fieldName === '*') return fields.map((f) => `${typeName}.${f}`);
  return fields.includes(fieldName) ? [coordinate] : [];
}

function existing(schema: GraphQLSchema, coordinate: string, setting: string): string[] {
  const found = expand(schema, coordinate);
  if (found.length === 0) {
    throw new Error(
      `${setting}: ${JSON.stringify(coordinate)} names no published object type or field (use Type, Type.field or Type.*)`,
    );
  }
  return found;
}

function parseDirectives(text: string): ConstDirectiveNode[] {
  const definition = parse(`type T ${text}`, { noLocation: true }).definitions[0];
  return definition?.kind === Kind.OBJECT_TYPE_DEFINITION ? [...(definition.directives ?? [])] : [];
}

/**
 * Parses the contract settings: `FEDERATION_TAGS` as comma-separated `coordinate=tag` pairs,
 * `FEDERATION_INACCESSIBLE` as comma-separated coordinates. Throws naming a malformed entry.
 */
export function parseContractSettings(
  tags: string | undefined,
  inaccessible: string | undefined,
): ContractOptions {
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  const coordinate = /^[_A-Za-z][_0-9A-Za-z]*(\.([_A-Za-z][_0-9A-Za-z]*|\*))?$/;
  const parsedTags = list(tags).map((entry) => {
    const [c = '', tag = '', ...rest] = entry.split('=');
    if (!coordinate.test(c) || !/^[_A-Za-z][-/_0-9A-Za-z]*$/.test(tag) || rest.length > 0) {
      throw new Error(
        `FEDERATION_TAGS: ${JSON.stringify(entry)} is not "Type=tag", "Type.field=tag" or "Type.*=tag"`,
      );
    }
    return { coordinate: c, tag };
  });
  const parsedInaccessible = list(inaccessible).map((c) => {
    if (!coordinate.test(c)) {
      throw new Error(
        `FEDERATION_INACCESSIBLE: ${JSON.stringify(c)} is not "Type", "Type.field" or "Type.*"`,
      );
    }
    return c;
  });
  return { tags: parsedTags, inaccessible: parsedInaccessible };
}
