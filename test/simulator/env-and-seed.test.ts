import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnvConfigError, simulatorOptionsFromEnv } from '../../src/simulator/env-config.ts';
import { formatSpaceDate } from '../../src/simulator/formats.ts';
import { createSeedState, DEFAULT_SANDBOX_CREDENTIALS, SEED, SEED_USERS } from '../../src/simulator/seed.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('SIM_* environment variables', () => {
  it('maps every variable to an option', () => {
    expect(
      simulatorOptionsFromEnv({
        SIM_HOST: '127.0.0.1',
        SIM_PORT: '0',
        SIM_JWT_LIFETIME_SECONDS: '5',
        SIM_JWT_BODY_FORMAT: 'json',
        SIM_JWT_SECRET: 'a-secret-of-16-chars!',
        SIM_ERROR_STYLE: 'downstream-wrapped',
        SIM_ERROR_CODE_NAMING: 'current',
        SIM_ERROR_HTTP_STATUS: '500',
        SIM_SPACE_QUERY_FIELDS: 'space',
        SIM_MAX_SPACE_NAME_LENGTH: '50',
        SIM_MAX_SPACES_PER_ACCOUNT: '30',
        SIM_MAX_CONCURRENT_PER_ACCOUNT: '4',
        SIM_REQUESTS_PER_SECOND: '20',
        SIM_RETRY_AFTER: 'false',
        SIM_MAX_BODY_BYTES: '4096',
        SIM_FAULTS: '{"rate503":0.1,"seed":7}',
      }),
    ).toEqual({
      host: '127.0.0.1',
      port: 0,
      jwtLifetimeSeconds: 5,
      jwtBodyFormat: 'json',
      jwtSecret: 'a-secret-of-16-chars!',
      errorStyle: 'downstream-wrapped',
      errorCodeNaming: 'current',
      errorHttpStatus: 500,
      spaceQueryFields: ['space'],
      maxSpaceNameLength: 50,
      maxSpacesPerAccount: 30,
      rateLimit: { maxConcurrentPerAccount: 4, requestsPerSecond: 20, retryAfter: false },
      maxBodyBytes: 4096,
      faults: { rate503: 0.1, seed: 7 },
    });
    expect(simulatorOptionsFromEnv({})).toEqual({});
  });

  it.each([
    ['SIM_PORT', 'abc'],
    ['SIM_PORT', '70000'],
    ['SIM_JWT_LIFETIME_SECONDS', '0'],
    ['SIM_JWT_BODY_FORMAT', 'xml'],
    ['SIM_ERROR_STYLE', 'loud'],
    ['SIM_ERROR_CODE_NAMING', 'new'],
    ['SIM_ERROR_HTTP_STATUS', '418'],
    ['SIM_SPACE_QUERY_FIELDS', 'spaces'],
    ['SIM_RETRY_AFTER', 'yes'],
    ['SIM_FAULTS', '{bad'],
    ['SIM_FAULTS', '{"rate500":3}'],
    ['SIM_JWT_SECRET', 'short'],
  ])('%s=%s is rejected with a message naming the variable', (variable, value) => {
    let error: unknown;
    try {
      simulatorOptionsFromEnv({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvConfigError);
    expect((error as EnvConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    if (variable === 'SIM_JWT_SECRET') expect((error as Error).message).not.toContain(value);
  });

  it('npm run simulator entry exits 1 on an invalid variable, starts and stops on SIGTERM otherwise', async () => {
    const run = (env: Record<string, string>, stopAfterStart: boolean) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts'], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (stopAfterStart && out.includes('demo account')) child.kill('SIGTERM');
        });
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, out, err });
        });
      });
    const bad = await run({ SIM_ERROR_STYLE: 'bogus' }, false);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('SIM_ERROR_STYLE');
    const ok = await run({ SIM_PORT: '0' }, true);
    expect({ code: ok.code, err: ok.err }).toEqual({ code: 0, err: '' });
    expect(ok.out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(ok.out).toContain(DEFAULT_SANDBOX_CREDENTIALS.accountId);
    expect(ok.out).toContain(DEFAULT_SANDBOX_CREDENTIALS.username);
    expect(ok.out).toContain('SIGTERM received');
  });
});

describe('seed', () => {
  it('is deterministic', () => {
    const a = createSeedState();
    const b = createSeedState();
    expect([...a.spaces.keys()]).toEqual([...b.spaces.keys()]);
    expect([...a.instances.keys()]).toEqual([...b.instances.keys()]);
    expect(a.executions.map((e) => e.executionId)).toEqual(b.executions.map((e) => e.executionId));
  });

  it('has the documented facts', () => {
    const state = createSeedState();
    const spaces = [...state.spaces.values()];
    const demoLive = spaces.filter((s) => s.createdByAccountId === SEED.demoAccountId && !s.deleted);
    expect(demoLive.length).toBeGreaterThan(20);
    expect(new Set(demoLive.map((s) => s.accountGroupId)).size).toBe(demoLive.length);
    expect(spaces.filter((s) => s.deleted).map((s) => s.id)).toEqual([SEED.deletedSpaceId]);
    expect(SEED.freeAccountGroupIds.length).toBeGreaterThanOrEqual(2);
    for (const s of spaces) {
      expect(s.guid).not.toBe(s.id);
      expect(s.createdDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d$/);
    }
    expect(new Set(spaces.map((s) => s.guid)).size).toBe(spaces.length);
    expect(SEED_USERS.map((u) => u.accountIds[0])).toEqual([
      SEED.demoAccountId,
      SEED.memberAccountId,
      SEED.otherAccountId,
    ]);
    expect(DEFAULT_SANDBOX_CREDENTIALS).toEqual({
      accountId: SEED.demoAccountId,
      username: SEED_USERS[0]?.username,
      apiToken: SEED_USERS[0]?.apiToken,
    });
  });

  it('formats Space dates as yyyy-MM-dd HH:mm:ss.S in UTC', () => {
    expect(formatSpaceDate(new Date(Date.UTC(2023, 3, 13, 11, 57, 12, 345)))).toBe('2023-04-13 11:57:12.3');
  });
});
