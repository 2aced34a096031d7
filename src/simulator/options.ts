/**
 * Defaults and start-up validation of {@link SimulatorOptions}. Misconfiguration throws at start with a
 * message naming the option and the value received (programmer error channel).
 */
import { randomBytes } from 'node:crypto';
import { parseFaultConfig } from './fault-config.ts';
import { SEED_USERS } from './seed.ts';
import {
  ERROR_STYLES,
  type ErrorStyle,
  type FaultConfig,
  type SimulatorOptions,
  type SimulatorUser,
} from './types.ts';

/** Options with every default applied. */
export interface ResolvedOptions {
  host: string;
  port: number;
  jwtLifetimeSeconds: number;
  jwtBodyFormat: 'text' | 'json';
  jwtKey: Uint8Array;
  errorStyle: ErrorStyle;
  errorCodeNaming: 'legacy' | 'current';
  errorHttpStatus: 200 | 400 | 500;
  errorPaths: 'alias' | 'field-name';
  spaceQueryFields: Array<'space' | 'Space'>;
  maxSpaceNameLength: number;
  maxSpacesPerAccount: number | undefined;
  maxConcurrentPerAccount: number;
  requestsPerSecond: number | undefined;
  retryAfter: boolean;
  throttleStatus: 429 | 503;
  faults: FaultConfig;
  maxJsonBodyBytes: number;
  maxMultipartBodyBytes: number;
  users: readonly SimulatorUser[];
}

function fail(option: string, expected: string, value: unknown): never {
  throw new Error(`startSimulator: option ${option} must be ${expected} (received ${JSON.stringify(value)})`);
}

function int(option: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(option, `an integer in ${min}..${max}`, value);
  }
  return value;
}

/** Applies defaults and validates; throws on the first invalid option. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') fail('host', 'a non-empty string', host);
  const jwtBodyFormat = options.jwtBodyFormat ?? 'text';
  if (jwtBodyFormat !== 'text' && jwtBodyFormat !== 'json')
    fail('jwtBodyFormat', "'text' or 'json'", jwtBodyFormat);
  const errorStyle = options.errorStyle ?? 'extensions-code';
  if (!ERROR_STYLES.includes(errorStyle)) fail('errorStyle', `one of ${ERROR_STYLES.join(', ')}`, errorStyle);
  const errorCodeNaming = options.errorCodeNaming ?? 'legacy';
  if (errorCodeNaming !== 'legacy' && errorCodeNaming !== 'current') {
    fail('errorCodeNaming', "'legacy' or 'current'", errorCodeNaming);
  }
  const errorHttpStatus = options.errorHttpStatus ?? 200;
  if (![200, 400, 500].includes(errorHttpStatus)) fail('errorHttpStatus', '200, 400 or 500', errorHttpStatus);
  const errorPaths = options.errorPaths ?? 'alias';
  if (errorPaths !== 'alias' && errorPaths !== 'field-name')
    fail('errorPaths', "'alias' or 'field-name'", errorPaths);
  const spaceQueryFields = options.spaceQueryFields ?? ['space', 'Space'];
  if (
    !Array.isArray(spaceQueryFields) ||
    spaceQueryFields.length === 0 ||
    spaceQueryFields.some((f) => f !== 'space' && f !== 'Space')
  ) {
    fail('spaceQueryFields', "a non-empty array of 'space' and/or 'Space'", spaceQueryFields);
  }
  if (
    options.jwtSecret !== undefined &&
    (typeof options.jwtSecret !== 'string' || options.jwtSecret.length < 16)
  ) {
    fail('jwtSecret', 'a string of at least 16 characters', '<redacted>');
  }
  const retryAfter = options.rateLimit?.retryAfter ?? true;
  if (typeof retryAfter !== 'boolean') fail('rateLimit.retryAfter', 'a boolean', retryAfter);
  const throttleStatus = options.rateLimit?.status ?? 429;
  if (throttleStatus !== 429 && throttleStatus !== 503)
    fail('rateLimit.status', '429 or 503', throttleStatus);
  let faults: FaultConfig = {};
  if (options.faults !== undefined) {
    const parsed = parseFaultConfig(options.faults);
    if (!parsed.ok) throw new Error(`startSimulator: option faults: ${parsed.error}`);
    faults = parsed.value;
  }
  const users = options.users ?? SEED_USERS;
  if (!Array.isArray(users)) fail('users', 'an array of users', typeof users);
  for (const [i, u] of users.entries()) {
    if (
      !u ||
      typeof u.username !== 'string' ||
      typeof u.apiToken !== 'string' ||
      !Array.isArray(u.accountIds)
    ) {
      fail(`users[${i}]`, 'a user {username, apiToken, userId, accountIds}', u?.username ?? null);
    }
  }
  const maxBody = options.maxBodyBytes;
  return {
    host,
    port: int('port', options.port, 4100, 0, 65535),
    jwtLifetimeSeconds: int('jwtLifetimeSeconds', options.jwtLifetimeSeconds, 300, 1, 86_400),
    jwtBodyFormat,
    jwtKey: options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : new Uint8Array(randomBytes(32)),
    errorStyle,
    errorCodeNaming,
    errorHttpStatus,
    errorPaths,
    spaceQueryFields: [...new Set(spaceQueryFields)],
    maxSpaceNameLength: int('maxSpaceNameLength', options.maxSpaceNameLength, 100, 1, 10_000),
    maxSpacesPerAccount:
      options.maxSpacesPerAccount === undefined
        ? undefined
        : int('maxSpacesPerAccount', options.maxSpacesPerAccount, 0, 0, 1_000_000),
    maxConcurrentPerAccount: int(
      'rateLimit.maxConcurrentPerAccount',
      options.rateLimit?.maxConcurrentPerAccount,
      10,
      1,
      100_000,
    ),
    requestsPerSecond:
      options.rateLimit?.requestsPerSecond === undefined
        ? undefined
        : int('rateLimit.requestsPerSecond', options.rateLimit.requestsPerSecond, 0, 1, 1_000_000),
    retryAfter,
    throttleStatus,
    faults,
    maxJsonBodyBytes: int('maxBodyBytes', maxBody, 1024 * 1024, 64, 1024 * 1024 * 1024),
    maxMultipartBodyBytes: int('maxBodyBytes', maxBody, 2 * 1024 * 1024, 64, 1024 * 1024 * 1024),
    users,
  };
}
