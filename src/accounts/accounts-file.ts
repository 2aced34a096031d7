import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { BOOMI_REGIONS, type BoomiEndpoints, type BoomiRegion } from '../boomi-regions.ts';
import type { AccountAllow, BoomiAccount, BoomiAccounts } from './boomi-account.ts';
import { readSecret, SECRET_REF, type SecretRef } from './secret-ref.ts';

/** What an account takes from the environment when the file does not say (BOOMI_* and UPSTREAM_*). */
export interface AccountDefaults {
  endpoints: BoomiEndpoints;
  maxConcurrency: number;
  requestsPerSecond: number | undefined;
}

const NAME = z.string().regex(/^[a-z0-9_-]{1,64}$/, { message: 'expected a name of a-z, 0-9, _ and -' });
const URL = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });
const SECRET_MESSAGE = 'expected { env: VARIABLE } or { file: /path/to/secret }';

/** The secret reference; an inline string is refused and never echoed. */
const SECRET = z.unknown().transform((value, ctx): SecretRef => {
  const ref = SECRET_REF.safeParse(value);
  if (ref.success) return ref.data;
  const inline = typeof value === 'string';
  ctx.addIssue({
    code: 'custom',
    message: inline ? `inline secrets are refused (value hidden): ${SECRET_MESSAGE}` : SECRET_MESSAGE,
  });
  return z.NEVER;
});

const ALLOW = z.strictObject({
  subjects: z.array(z.string().min(1)).min(1).optional(),
  scopes: z.array(z.string().min(1)).min(1).optional(),
  claims: z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
});

const ACCOUNT = z.strictObject({
  name: NAME,
  accountId: z.string().min(1),
  username: z.string().min(1),
  apiToken: SECRET,
  region: z.enum(Object.keys(BOOMI_REGIONS) as [BoomiRegion, ...BoomiRegion[]]).optional(),
  graphqlUrl: URL.optional(),
  authUrl: URL.optional(),
  maxConcurrency: z.number().int().min(1).max(1000).optional(),
  requestsPerSecond: z.number().int().min(1).max(100_000).optional(),
  allow: ALLOW.optional(),
});

/** The accounts file (`BOOMI_ACCOUNTS`), JSON or YAML. */
export const ACCOUNTS_FILE = z
  .strictObject({ default: NAME.optional(), accounts: z.array(ACCOUNT).min(1) })
  .superRefine((file, ctx) => {
    const names = file.accounts.map((a) => a.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'name'],
          message: `duplicate name "${name}"`,
        });
      }
    });
    if (file.default !== undefined && !names.includes(file.default)) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `names no account ("${file.default}")` });
    }
  });
type FileAccount = z.output<typeof ACCOUNT>;

/**
 * Reads, validates and resolves the accounts file: secrets are read now (start-up), endpoints and
 * budgets filled in from `defaults`. Problems name the variable, the file and the path in it, never a
 * secret value.
 */
export function loadAccountsFile(
  path: string,
  env: Record<string, string | undefined>,
  defaults: AccountDefaults,
  problems: string[],
): BoomiAccounts | undefined {
  const where = `BOOMI_ACCOUNTS (${path})`;
  const raw = readDocument(path);
  if ('problem' in raw) {
    problems.push(`${where}: ${raw.problem}`);
    return undefined;
  }
  const parsed = ACCOUNTS_FILE.safeParse(raw.document);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${where}: ${pathText(issue.path)}: ${issue.message}`);
    return undefined;
  }
  const count = problems.length;
  const list = parsed.data.accounts.map((account, index) => {
    const secret = readSecret(account.apiToken, env);
    if ('problem' in secret) problems.push(`${where}: accounts[${index}].apiToken: ${secret.problem}`);
    return resolveAccount(account, 'value' in secret ? secret.value : '', defaults);
  });
  if (problems.length > count) return undefined;
  return { list, defaultName: parsed.data.default };
}

function resolveAccount(account: FileAccount, apiToken: string, defaults: AccountDefaults): BoomiAccount {
  const preset = account.region ? BOOMI_REGIONS[account.region] : defaults.endpoints;
  return {
    name: account.name,
    accountId: account.accountId,
    username: account.username,
    apiToken,
    graphqlUrl: account.graphqlUrl ?? preset.graphqlUrl,
    authUrl: account.authUrl ?? preset.authUrl,
    maxConcurrency: account.maxConcurrency ?? defaults.maxConcurrency,
    requestsPerSecond: account.requestsPerSecond ?? defaults.requestsPerSecond,
    allow: account.allow as AccountAllow | undefined,
  };
}

/** The parsed document; parser messages are not repeated since they quote the source (maybe a secret). */
function readDocument(path: string): { document: unknown } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})` };
  }
  if (path.endsWith('.json')) {
    try {
      return { document: JSON.parse(text) };
    } catch {
      return { problem: 'not valid JSON' };
    }
  }
  try {
    return { document: parseYaml(text) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) return { problem: 'not valid YAML' };
    const at = error.linePos?.[0];
    return { problem: `not valid YAML (${error.code}${at ? ` at line ${at.line}, column ${at.col}` : ''})` };
  }
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
