import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../../src/upstream/token-provider.ts';

function jwtExpiringIn(seconds: number, serial: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'HS256' })}.${part({ iat: now, exp: now + seconds, n: serial })}.c2ln`;
}

/** #8, failure mode 4: a refresh timer beyond 2^31-1 ms overflows and fires after 1 ms in Node. */
describe.each([
  ['10 years', 10 * 365 * 24 * 3600],
  ['30 days', 30 * 24 * 3600],
])('a JWT whose exp is %s away', (_label, lifetime) => {
  it('is minted once under steady use: the refresh timer is clamped, not overflowed', async () => {
    let mints = 0;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const provider = createTokenProvider({
      authUrl: 'http://127.0.0.1:1/auth/jwt/generate',
      accountId: 'acct',
      username: 'user',
      apiToken: 'secret',
      fetch: (async () => new Response(jwtExpiringIn(lifetime, ++mints))) as unknown as typeof fetch,
    });
    try {
      // Real timers on purpose: the overflow is Node's behaviour. Keep using the token for a while.
      for (let i = 0; i < 20; i++) {
        await provider.getToken();
        await sleep(5);
      }
      expect(mints).toBe(1);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
      provider.dispose();
    }
  });
});
