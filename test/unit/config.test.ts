import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.ts';

const creds = {
  BOOMI_ACCOUNT_ID: 'acme-ABC123',
  BOOMI_USERNAME: 'ops@acme.test',
  BOOMI_API_TOKEN: 's3cr3t-token-value',
  // With credentials, inbound authentication must be chosen explicitly (see test/unit/config-security.test.ts).
  INBOUND_AUTH: 'none',
};

describe('loadConfig', () => {
  it('runs in sandbox mode with no Boomi credentials', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.graphiql).toBe(true);
    expect(config.boomi.spaceQueryField).toBe('space');
  });

  it('runs in production mode against the documented Boomi URLs when all credentials are set', () => {
    const config = loadConfig(creds);
    expect(config.mode).toBe('production');
    expect(config.boomi.graphqlUrl).toBe('https://platform.boomi.com/graphql');
    expect(config.boomi.authUrl).toBe('https://api.boomi.com/auth/jwt/generate');
    expect(config.graphiql).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it('names the missing credentials when only some are set', () => {
    expect(() => loadConfig({ BOOMI_ACCOUNT_ID: 'acme-ABC123' })).toThrow(
      /BOOMI_USERNAME, BOOMI_API_TOKEN: required when BOOMI_ACCOUNT_ID is set/,
    );
  });

  it('names every bad variable with the value received', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', BOOMI_GRAPHQL_URL: 'ftp://x', READ_ONLY: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT: expected a whole number (received "eighty")');
    expect(message).toContain('BOOMI_GRAPHQL_URL');
    expect(message).toContain('READ_ONLY: expected true or false (received "maybe")');
  });

  it('never prints the API token, even when it is the bad value', () => {
    expect(() => loadConfig({ ...creds, BOOMI_API_TOKEN: ' ', PORT: '99999' })).toThrow(ConfigError);
    try {
      loadConfig({ ...creds, PORT: '99999' });
    } catch (e) {
      expect((e as Error).message).not.toContain(creds.BOOMI_API_TOKEN);
    }
  });

  it('rejects an attempt timeout longer than the deadline', () => {
    expect(() => loadConfig({ UPSTREAM_ATTEMPT_TIMEOUT_MS: '5000', UPSTREAM_DEADLINE_MS: '1000' })).toThrow(
      'UPSTREAM_ATTEMPT_TIMEOUT_MS: must not exceed UPSTREAM_DEADLINE_MS (received 5000 > 1000)',
    );
  });

  it('parses booleans, ratios and enums', () => {
    const config = loadConfig({
      READ_ONLY: 'true',
      BREAKER_FAILURE_RATIO: '0.25',
      BOOMI_SPACE_QUERY_FIELD: 'Space',
    });
    expect(config.subgraph.readOnly).toBe(true);
    expect(config.upstream.breakerFailureRatio).toBe(0.25);
    expect(config.boomi.spaceQueryField).toBe('Space');
  });

  // edges: inbound HTTP timeouts and drain (#8, #9)
  it('HTTP timeouts and the shutdown grace period: defaults, overrides, headers ≤ request', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      shutdownGraceMs: 30_000,
    });
    expect(
      loadConfig({
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '4000',
        HTTP_KEEPALIVE_TIMEOUT_MS: '1000',
        SHUTDOWN_GRACE_MS: '0',
      }).http,
    ).toEqual({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      keepAliveTimeoutMs: 1000,
      shutdownGraceMs: 0,
    });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (received 40000 > 30000)',
    );
  });
});

describe('the configuration schema (#8)', () => {
  it('declares every variable once, each documented in the README configuration table', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(new Set(CONFIG_VARIABLES).size).toBe(CONFIG_VARIABLES.length);
    for (const name of CONFIG_VARIABLES) expect(readme, name).toContain(`\`${name}\``);
  });

  it("documents in the README configuration table no variable the schema does not read (OTEL_* are the SDK's)", async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| (`[A-Z][A-Z0-9_]+`(?: \/ `[A-Z][A-Z0-9_]+`)*) \|/gm)].flatMap(
      (row) => [...(row[1] as string).matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((name) => name[1] as string),
    );
    expect(documented.length).toBeGreaterThan(50);
    const known = new Set(CONFIG_VARIABLES);
    expect(documented.filter((name) => !known.has(name) && !name.startsWith('OTEL_'))).toEqual([]);
  });

  it('has one set of defaults, the ones the modules use', () => {
    expect(CONFIG_DEFAULTS.jwt).toMatchObject({
      mintAttempts: 8,
      remintMaxPerMinute: 6,
      unauthorizedProbeMs: 5000,
    });
    expect(CONFIG_DEFAULTS.upstream).toMatchObject({
      retryBudgetMinPerSecond: 10,
      breakerFailureRatio: 0.8,
      maxPauseMs: 2000,
      shedding: true,
      maxResponseBytes: 16 * 1024 * 1024,
    });
    expect(loadConfig({}).upstream).toEqual({ ...CONFIG_DEFAULTS.upstream });
  });

  it('parses the new upstream settings and names them when invalid', () => {
    const config = loadConfig({
      UPSTREAM_MAX_PAUSE_MS: '500',
      UPSTREAM_SHEDDING: 'false',
      JWT_REMINT_MAX_PER_MINUTE: '2',
    });
    expect(config.upstream).toMatchObject({ maxPauseMs: 500, shedding: false });
    expect(config.jwt.remintMaxPerMinute).toBe(2);
    expect(() => loadConfig({ UPSTREAM_MAX_RESPONSE_BYTES: '10' })).toThrow(
      'UPSTREAM_MAX_RESPONSE_BYTES: Too small: expected number to be >=1024 (received "10")',
    );
  });
});
