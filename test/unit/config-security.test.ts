/** The `security` section of loadConfig (issue #9): hardened defaults, INBOUND_AUTH, the sandbox guard. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const creds = {
  BOOMI_ACCOUNT_ID: 'acme-ABC123',
  BOOMI_USERNAME: 'ops@acme.test',
  BOOMI_API_TOKEN: 's3cr3t-token-value',
};
const dir = mkdtempSync(join(tmpdir(), 'config-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('sandbox (no credentials, no NODE_ENV=production): open, introspection on, no CORS', () => {
    const { security } = loadConfig({});
    expect(security).toEqual({
      hardened: false,
      sandboxInProduction: false,
      inboundAuth: { method: 'none' },
      corsOrigins: [],
      csrfRequiredHeaders: ['apollo-require-preflight', 'x-apollo-operation-name'],
      introspection: true,
      metrics: { token: undefined, port: undefined },
    });
  });

  it('with credentials: hardened, introspection off, INBOUND_AUTH=none accepted when explicit', () => {
    const { security } = loadConfig({ ...creds, INBOUND_AUTH: 'none' });
    expect(security.hardened).toBe(true);
    expect(security.introspection).toBe(false);
    expect(loadConfig({ ...creds, INBOUND_AUTH: 'none', INTROSPECTION: 'true' }).security.introspection).toBe(
      true,
    );
  });
});

describe('INBOUND_AUTH', () => {
  it('is required with credentials, and with NODE_ENV=production', () => {
    const message =
      'INBOUND_AUTH: required in production (Boomi credentials or NODE_ENV=production are set): choose hmac, ' +
      'jwt or shared-secret, or none to let every caller act with the Boomi account';
    expect(problemsOf(creds)).toBe(`Invalid configuration:\n  - ${message}`);
    expect(problemsOf({ NODE_ENV: 'production', SANDBOX: 'true' })).toContain(message);
  });

  it('rejects unknown methods', () => {
    expect(problemsOf({ INBOUND_AUTH: 'basic' })).toContain(
      'INBOUND_AUTH: expected hmac, jwt, shared-secret or none (received "basic")',
    );
  });

  it('shared-secret: from the variable or a file, never both, at least 16 characters, value never shown', () => {
    const secret = 'a-shared-secret-0123456789';
    expect(
      loadConfig({ ...creds, INBOUND_AUTH: 'shared-secret', INBOUND_SHARED_SECRET: secret }).security
        .inboundAuth,
    ).toEqual({ method: 'shared-secret', secret, header: 'x-gateway-secret' });
    const file = join(dir, 'secret');
    writeFileSync(file, `${secret}\n`);
    expect(
      loadConfig({
        INBOUND_AUTH: 'shared-secret',
        INBOUND_SHARED_SECRET_FILE: file,
        INBOUND_SHARED_SECRET_HEADER: 'X-Key',
      }).security.inboundAuth,
    ).toEqual({ method: 'shared-secret', secret, header: 'x-key' });
    expect(problemsOf({ INBOUND_AUTH: 'shared-secret' })).toContain(
      'INBOUND_SHARED_SECRET: required when INBOUND_AUTH=shared-secret (or INBOUND_SHARED_SECRET_FILE)',
    );
    expect(
      problemsOf({
        INBOUND_AUTH: 'shared-secret',
        INBOUND_SHARED_SECRET: secret,
        INBOUND_SHARED_SECRET_FILE: file,
      }),
    ).toContain('INBOUND_SHARED_SECRET, INBOUND_SHARED_SECRET_FILE: set one of them, not both');
    const short = problemsOf({ INBOUND_AUTH: 'shared-secret', INBOUND_SHARED_SECRET: 'short-one' });
    expect(short).toContain(
      'INBOUND_SHARED_SECRET: expected at least 16 characters (received (value hidden))',
    );
    expect(short).not.toContain('short-one');
    expect(
      problemsOf({ INBOUND_AUTH: 'shared-secret', INBOUND_SHARED_SECRET_FILE: join(dir, 'missing') }),
    ).toContain('INBOUND_SHARED_SECRET_FILE: cannot read the file (ENOENT');
  });

  it('hmac: needs a secret; the extension name defaults to hmac-signature', () => {
    const secret = 'an-hmac-secret-0123456789';
    expect(loadConfig({ INBOUND_AUTH: 'hmac', INBOUND_HMAC_SECRET: secret }).security.inboundAuth).toEqual({
      method: 'hmac',
      secret,
      extensionName: 'hmac-signature',
    });
    expect(problemsOf({ INBOUND_AUTH: 'hmac' })).toContain(
      'INBOUND_HMAC_SECRET: required when INBOUND_AUTH=hmac (or INBOUND_HMAC_SECRET_FILE)',
    );
  });

  it('jwt: exactly one key source, issuer and audience required, pinned algorithms', () => {
    const jwt = {
      INBOUND_AUTH: 'jwt',
      INBOUND_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      INBOUND_JWT_ISSUER: 'https://gw',
      INBOUND_JWT_AUDIENCE: 'spaces, other',
    };
    expect(loadConfig(jwt).security.inboundAuth).toEqual({
      method: 'jwt',
      jwksUrl: 'http://127.0.0.1:9/jwks.json',
      publicKey: undefined,
      algorithms: ['RS256'],
      issuer: 'https://gw',
      audience: ['spaces', 'other'],
      clockToleranceSeconds: 30,
      jwksCooldownMs: 30_000,
    });
    // A value the schema refuses is reported first; the rules between settings are checked once every value parses.
    expect(problemsOf({ INBOUND_AUTH: 'jwt', INBOUND_JWT_ALGORITHMS: 'RS256,HS256' })).toContain(
      'INBOUND_JWT_ALGORITHMS: expected some of RS256',
    );
    const message = problemsOf({ INBOUND_AUTH: 'jwt' });
    expect(message).toContain('INBOUND_JWT_ISSUER: required when INBOUND_AUTH=jwt');
    expect(message).toContain('INBOUND_JWT_AUDIENCE: required when INBOUND_AUTH=jwt');
    expect(message).toContain(
      'INBOUND_JWT_JWKS_URL, INBOUND_JWT_PUBLIC_KEY, INBOUND_JWT_PUBLIC_KEY_FILE: exactly one is required when INBOUND_AUTH=jwt',
    );
    expect(problemsOf({ ...jwt, INBOUND_JWT_PUBLIC_KEY: '{}' })).toContain('exactly one is required');
  });

  it('jwt: a static key must be a public key (PEM or JWK), checked at start-up', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = { INBOUND_AUTH: 'jwt', INBOUND_JWT_ISSUER: 'https://gw', INBOUND_JWT_AUDIENCE: 'spaces' };
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const jwk = JSON.stringify(publicKey.export({ format: 'jwk' }));
    // Values of variables are trimmed; a key file is read as it is.
    expect(loadConfig({ ...jwt, INBOUND_JWT_PUBLIC_KEY: pem }).security.inboundAuth).toMatchObject({
      publicKey: pem.trim(),
    });
    expect(loadConfig({ ...jwt, INBOUND_JWT_PUBLIC_KEY: jwk }).security.inboundAuth).toMatchObject({
      publicKey: jwk,
    });
    const file = join(dir, 'key.pem');
    writeFileSync(file, pem);
    expect(loadConfig({ ...jwt, INBOUND_JWT_PUBLIC_KEY_FILE: file }).security.inboundAuth).toMatchObject({
      publicKey: pem,
    });
    const refused = 'INBOUND_JWT_PUBLIC_KEY: expected a public key (SPKI PEM or one public JWK as JSON)';
    expect(problemsOf({ ...jwt, INBOUND_JWT_PUBLIC_KEY: 'not a key' })).toContain(refused);
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problemsOf({ ...jwt, INBOUND_JWT_PUBLIC_KEY: privatePem })).toContain(refused);
    const privateJwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    expect(problemsOf({ ...jwt, INBOUND_JWT_PUBLIC_KEY: privateJwk })).toContain(refused);
  });
});

describe('no silent sandbox in production', () => {
  it('NODE_ENV=production without credentials refuses, naming SANDBOX', () => {
    expect(problemsOf({ NODE_ENV: 'production', INBOUND_AUTH: 'none' })).toBe(
      'Invalid configuration:\n  - SANDBOX: NODE_ENV=production but no Boomi credentials (BOOMI_ACCOUNT_ID, ' +
        'BOOMI_USERNAME, BOOMI_API_TOKEN) are set; refusing to serve simulator data as if it were Boomi. ' +
        'Set the credentials, or SANDBOX=true to run the sandbox on purpose',
    );
  });

  it('SANDBOX=true allows it and is reported; SANDBOX=true with credentials and SANDBOX=false without are refused', () => {
    const config = loadConfig({ NODE_ENV: 'production', SANDBOX: 'true', INBOUND_AUTH: 'none' });
    expect(config.mode).toBe('sandbox');
    expect(config.security).toMatchObject({
      hardened: true,
      sandboxInProduction: true,
      introspection: false,
    });
    expect(problemsOf({ ...creds, INBOUND_AUTH: 'none', SANDBOX: 'true' })).toContain(
      'SANDBOX: true conflicts with the Boomi credentials',
    );
    expect(problemsOf({ SANDBOX: 'false' })).toContain(
      'BOOMI_ACCOUNT_ID, BOOMI_USERNAME, BOOMI_API_TOKEN: required when SANDBOX=false',
    );
  });
});

describe('browsers and metrics', () => {
  it('parses CORS_ORIGINS, CSRF_REQUIRED_HEADERS, METRICS_TOKEN and METRICS_PORT', () => {
    const { security } = loadConfig({
      CORS_ORIGINS: 'https://a.example, http://localhost:3000',
      CSRF_REQUIRED_HEADERS: 'X-Gateway-CSRF',
      METRICS_TOKEN: 'a-metrics-token-0123456789',
      METRICS_PORT: '9464',
    });
    expect(security.corsOrigins).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(security.csrfRequiredHeaders).toEqual(['x-gateway-csrf']);
    expect(security.metrics).toEqual({ token: 'a-metrics-token-0123456789', port: 9464 });
  });

  it('rejects origins with a path or a wildcard, and hides a short METRICS_TOKEN', () => {
    expect(problemsOf({ CORS_ORIGINS: 'https://a.example/' })).toContain(
      'CORS_ORIGINS: expected origins like https://app.example.com',
    );
    expect(problemsOf({ CORS_ORIGINS: '*' })).toContain('CORS_ORIGINS: expected origins');
    const message = problemsOf({ METRICS_TOKEN: 'tiny' });
    expect(message).toContain('METRICS_TOKEN: expected at least 16 characters (received (value hidden))');
  });
});
