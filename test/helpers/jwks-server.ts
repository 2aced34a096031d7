import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** A signing key of the test identity provider. */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A JWKS endpoint on 127.0.0.1 whose key set tests can rotate; counts its fetches. */
export interface JwksServer {
  url: string;
  /** How many times the key set was fetched. */
  fetches(): number;
  /** Replaces the published keys. */
  publish(keys: readonly TestKey[]): void;
  close(): Promise<void>;
}

/** Generates an RS256 (or other) key pair with a `kid`. */
export async function createTestKey(kid: string, alg = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, publicJwk };
}

/** Signs a JWT with `key`; `claims` override the defaults (iss, aud, sub, iat, exp in 5 min). */
export function signToken(
  key: TestKey,
  claims: JWTPayload,
  header: { alg?: string; kid?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: header.alg ?? (key.publicJwk.alg as string), kid: header.kid ?? key.kid })
    .sign(key.privateKey);
}

export async function startJwksServer(initial: readonly TestKey[]): Promise<JwksServer> {
  let keys = initial;
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    publish(next) {
      keys = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
