/**
 * `npm run schema:check`: introspects the live upstream and compares it with the committed snapshot
 * (schema/boomi-spaces.graphql). Prints every added, removed and changed type, field, argument, enum
 * value and union member, marks graphql-js's breaking and dangerous changes, and exits 1 on drift
 * (2 when the check itself could not run).
 *
 * Upstream: with the three BOOMI_* credentials set, the real Boomi API through the same token
 * provider and executor as the service; without them, an embedded simulator on an ephemeral port.
 * Snapshot: `--snapshot <path>`, else UPSTREAM_SCHEMA_PATH, else schema/boomi-spaces.graphql.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import {
  BreakingChangeType,
  buildSchema,
  DangerousChangeType,
  findBreakingChanges,
  findDangerousChanges,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createLogger } from '../src/observability/logger.ts';
import { startSimulator } from '../src/simulator/index.ts';
import { DEFAULT_SANDBOX_CREDENTIALS } from '../src/simulator/seed.ts';
import { withCauses } from '../src/startup-error.ts';
import { loadUpstreamSchema } from '../src/subgraph/load-upstream-schema.ts';
import { createUpstreamStack } from '../src/upstream/stack.ts';
import { createTokenProvider } from '../src/upstream/token-provider.ts';

/** One difference between the snapshot and the live schema. */
interface SchemaDifference {
  kind: 'added' | 'removed' | 'changed';
  /** `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Union|Member`. */
  coordinate: string;
  detail?: string;
}

/** Every structural difference from `snapshot` to `live` (descriptions and directives are ignored). */
function diffSchemas(snapshot: GraphQLSchema, live: GraphQLSchema): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const types = (schema: GraphQLSchema) =>
    new Map(
      Object.values(schema.getTypeMap())
        .filter((t) => !t.name.startsWith('__'))
        .map((t) => [t.name, t] as const),
    );
  const before = types(snapshot);
  const after = types(live);
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(name);
    const b = after.get(name);
    if (!a) out.push({ kind: 'added', coordinate: name, detail: kindOf(b!) });
    else if (!b) out.push({ kind: 'removed', coordinate: name, detail: kindOf(a) });
    else if (kindOf(a) !== kindOf(b))
      out.push({ kind: 'changed', coordinate: name, detail: `${kindOf(a)} → ${kindOf(b)}` });
    else out.push(...diffType(a, b));
  }
  return out;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  return 'scalar';
}

function compareSets(
  coordinate: (item: string) => string,
  before: Map<string, string>,
  after: Map<string, string>,
  out: SchemaDifference[],
): void {
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    // Every key comes from one of the two maps, so at most one side is missing.
    if (a === undefined && b !== undefined)
      out.push({ kind: 'added', coordinate: coordinate(key), detail: b });
    else if (b === undefined && a !== undefined)
      out.push({ kind: 'removed', coordinate: coordinate(key), detail: a });
    else if (a !== b) out.push({ kind: 'changed', coordinate: coordinate(key), detail: `${a} → ${b}` });
  }
}

function diffType(a: GraphQLNamedType, b: GraphQLNamedType): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  if ((isObjectType(a) || isInterfaceType(a)) && (isObjectType(b) || isInterfaceType(b))) {
    const fa = a.getFields();
    const fb = b.getFields();
    const sig = (fields: typeof fa) => new Map(Object.values(fields).map((f) => [f.name, String(f.type)]));
    compareSets((f) => `${a.name}.${f}`, sig(fa), sig(fb), out);
    for (const name of Object.keys(fa)) {
      const fieldB = fb[name];
      if (!fieldB) continue;
      const args = (field: typeof fieldB) =>
        new Map(field.args.map((arg) => [arg.name, String(arg.type)] as const));
      compareSets((arg) => `${a.name}.${name}(${arg}:)`, args(fa[name]!), args(fieldB), out);
    }
    const ifaces = (t: typeof a) => new Map(t.getInterfaces().map((i) => [i.name, 'implements'] as const));
    compareSets((i) => `${a.name} implements ${i}`, ifaces(a), ifaces(b as typeof a), out);
  } else if (isInputObjectType(a) && isInputObjectType(b)) {
    const sig = (t: typeof a) =>
      new Map(Object.values(t.getFields()).map((f) => [f.name, String(f.type)] as const));
    compareSets((f) => `${a.name}.${f}`, sig(a), sig(b), out);
  } else if (isEnumType(a) && isEnumType(b)) {
    const values = (t: typeof a) => new Map(t.getValues().map((v) => [v.name, 'value'] as const));
    compareSets((v) => `${a.name}.${v}`, values(a), values(b), out);
  } else if (isUnionType(a) && isUnionType(b)) {
    const members = (t: typeof a) => new Map(t.getTypes().map((m) => [m.name, 'member'] as const));
    compareSets((m) => `${a.name}|${m}`, members(a), members(b), out);
  }
  return out;
}

/** The report printed by the script; empty string list when there is no drift. */
function formatReport(snapshot: GraphQLSchema, live: GraphQLSchema): { drift: boolean; lines: string[] } {
  const differences = diffSchemas(snapshot, live);
  if (differences.length === 0)
    return { drift: false, lines: ['No drift: the live upstream schema matches the snapshot.'] };
  const lines = [
    `Schema drift: ${differences.length} difference(s) between the snapshot and the live upstream.`,
  ];
  for (const kind of ['added', 'removed', 'changed'] as const) {
    const items = differences.filter((d) => d.kind === kind);
    if (items.length === 0) continue;
    lines.push('', `${kind[0]!.toUpperCase()}${kind.slice(1)} (${items.length}):`);
    for (const d of items)
      lines.push(
        `  ${kind === 'added' ? '+' : kind === 'removed' ? '-' : '~'} ${d.coordinate}${d.detail ? `  (${d.detail})` : ''}`,
      );
  }
  const breaking = findBreakingChanges(snapshot, live);
  if (breaking.length > 0) {
    lines.push('', `Breaking for clients of the snapshot (${breaking.length}):`);
    for (const c of breaking) lines.push(`  ! ${BreakingChangeType[c.type] ?? c.type}: ${c.description}`);
  }
  const dangerous = findDangerousChanges(snapshot, live);
  if (dangerous.length > 0) {
    lines.push('', `Dangerous (${dangerous.length}):`);
    for (const c of dangerous) lines.push(`  ? ${DangerousChangeType[c.type] ?? c.type}: ${c.description}`);
  }
  return { drift: true, lines };
}

function snapshotPathFrom(argv: readonly string[], fallback: string): string {
  const index = argv.indexOf('--snapshot');
  if (index === -1) return fallback;
  const value = argv[index + 1];
  if (!value) throw new ConfigError('--snapshot needs a path');
  return value;
}

/** The path as the user would type it: relative to the working directory when the file is below it. */
function shownPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}

async function main(): Promise<number> {
  // This script serves no inbound traffic: INBOUND_AUTH (required with credentials) does not apply to it.
  const config = loadConfig({ INBOUND_AUTH: 'none', ...process.env });
  const snapshotPath = snapshotPathFrom(process.argv.slice(2), config.upstreamSchema.snapshotPath);
  const snapshot = buildSchema(await readFile(snapshotPath, 'utf8'));
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => process.stderr.write(line) },
  });

  const simulator = config.mode === 'sandbox' ? await startSimulator({ port: 0 }) : undefined;
  const boomi = simulator
    ? { ...DEFAULT_SANDBOX_CREDENTIALS, graphqlUrl: simulator.graphqlUrl, authUrl: simulator.authUrl }
    : config.boomi;
  const tokenProvider = createTokenProvider({
    authUrl: boomi.authUrl,
    accountId: boomi.accountId,
    username: boomi.username,
    apiToken: boomi.apiToken,
    mintTimeoutMs: config.jwt.mintTimeoutMs,
    logger,
  });
  const upstream = createUpstreamStack({
    graphqlUrl: boomi.graphqlUrl,
    tokenProvider,
    logger,
    attemptTimeoutMs: config.upstream.attemptTimeoutMs,
    deadlineMs: config.upstream.deadlineMs,
  });
  try {
    process.stdout.write(
      `Comparing ${shownPath(snapshotPath)} with ${simulator ? `the embedded simulator (${simulator.url})` : boomi.graphqlUrl}\n`,
    );
    const live = await loadUpstreamSchema({ source: 'introspect', executor: upstream.executor });
    const report = formatReport(snapshot, live);
    process.stdout.write(`${report.lines.join('\n')}\n`);
    return report.drift ? 1 : 0;
  } finally {
    tokenProvider.dispose();
    await upstream.close();
    await simulator?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`schema:check failed: ${withCauses(error)}\n`);
    process.exit(2);
  },
);
