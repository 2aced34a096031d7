/**
 * No silent sandbox in production (issue #9 item 8), as real processes: NODE_ENV=production without
 * Boomi credentials refuses to start unless SANDBOX=true; a deliberate production sandbox says so in its
 * start-up log and in /ready. Credentials without INBOUND_AUTH refuse to start too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type MainProcess, spawnMain } from '../helpers/spawn-main.ts';

const started: MainProcess[] = [];
function start(env: Record<string, string>): MainProcess {
  const main = spawnMain({ PORT: '0', LOG_LEVEL: 'info', ...env });
  started.push(main);
  return main;
}
afterAll(() => {
  for (const main of started) main.kill();
});

describe('start-up refusals', () => {
  it.concurrent('NODE_ENV=production without credentials: exit 1 naming SANDBOX and the credentials', async ({
    expect,
  }) => {
    const { output, exited } = start({ NODE_ENV: 'production', INBOUND_AUTH: 'none' });
    const [code] = await exited;
    expect(code).toBe(1);
    expect(output.stderr).toBe(
      'Invalid configuration:\n  - SANDBOX: NODE_ENV=production but no Boomi credentials (BOOMI_ACCOUNT_ID, ' +
        'BOOMI_USERNAME, BOOMI_API_TOKEN) are set; refusing to serve simulator data as if it were Boomi. ' +
        'Set the credentials, or SANDBOX=true to run the sandbox on purpose\n',
    );
    expect(output.stdout).toBe('');
  });

  it.concurrent('Boomi credentials without INBOUND_AUTH: exit 1 naming INBOUND_AUTH (secret not shown)', async ({
    expect,
  }) => {
    const { output, exited } = start({
      BOOMI_ACCOUNT_ID: 'acme-ABC123',
      BOOMI_USERNAME: 'ops@acme.test',
      BOOMI_API_TOKEN: 'a-boomi-api-token-never-shown',
    });
    const [code] = await exited;
    expect(code).toBe(1);
    expect(output.stderr).toContain(
      'INBOUND_AUTH: required in production (Boomi credentials or NODE_ENV=production are set)',
    );
    expect(output.stderr).not.toContain('a-boomi-api-token-never-shown');
  });
});

describe('SANDBOX=true under NODE_ENV=production', () => {
  it('starts, warns in the start-up log, and /ready names the sandbox', async () => {
    const main = start({ NODE_ENV: 'production', SANDBOX: 'true', INBOUND_AUTH: 'none' });
    const line = await main.waitForLine(/running in SANDBOX mode/, 20_000);
    const log = JSON.parse(line) as Record<string, unknown>;
    expect(log).toMatchObject({
      level: 40,
      mode: 'sandbox',
      sandbox: true,
      nodeEnv: 'production',
      inboundAuth: 'none',
      introspection: false,
    });
    const base = String(log.subgraph).replace(/\/graphql$/, '');
    // Readiness is checked asynchronously (a mint and a probe, each within a timeout): on a loaded machine
    // the first answer may still be 503, as a kubelet's first probe may. Asked again, at most 50 times.
    let ready = await fetch(`${base}/ready`);
    let text = await ready.text();
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await fetch(`${base}/ready`);
      text = await ready.text();
    }
    expect(ready.status, text).toBe(200);
    const report = JSON.parse(text) as { checks: Record<string, { ok: boolean; detail?: string }> };
    expect(report.checks.sandbox).toEqual({
      ok: true,
      detail: 'SANDBOX: serving data of the embedded Boomi simulator, not Boomi',
    });
    main.child.kill('SIGTERM');
    const [code] = await main.exited;
    expect(code).toBe(0);
  }, 30_000);
});
