import { describe, expect, it } from 'vitest';
import { createReauthGuard } from '../../../src/upstream/reauth-guard.ts';
import { recordingLogger } from './fakes.ts';

function guard() {
  let clock = 1_000_000;
  const { logger, lines } = recordingLogger();
  const g = createReauthGuard({
    maxRemints: 2,
    windowMs: 60_000,
    probeIntervalMs: 5_000,
    logger,
    now: () => clock,
  });
  return { g, lines, advance: (ms: number) => (clock += ms) };
}

describe('createReauthGuard (#8, mode 1)', () => {
  it('re-mints after a first 401, and only once for many callers refused with the same token', () => {
    const { g } = guard();
    expect(g.onUnauthorized('t1', false)).toEqual({ action: 'remint' });
    expect(g.onUnauthorized('t1', false)).toEqual({ action: 'replay' });
    g.onReminted('t2');
    expect(g.failing()).toBe(false);
  });

  it('a 401 on the freshly re-minted token starts an episode: fail fast, one log line, probes', () => {
    const { g, lines, advance } = guard();
    g.onUnauthorized('t1', false);
    g.onReminted('t2');
    expect(g.onUnauthorized('t2', false)).toEqual({ action: 'fail', reason: 'fresh-token-refused' });
    expect(g.failing()).toBe(true);
    for (let i = 0; i < 100; i++) expect(g.admit()).toMatchObject({ ok: false });
    expect(g.admit()).toEqual({ ok: false, retryAfterMs: 5_000 });
    advance(5_000);
    expect(g.admit()).toEqual({ ok: true, probe: true, stale: 't2' });
    // One probe at a time.
    expect(g.admit()).toMatchObject({ ok: false });
    g.onReminted('t3');
    expect(g.onUnauthorized('t3', true)).toEqual({ action: 'fail', reason: 'fresh-token-refused' });
    advance(5_000);
    // Two re-mints used in this window (t2 and the probe's t3): the next probe waits for the window.
    expect(g.admit()).toMatchObject({ ok: false });
    advance(50_000);
    expect(g.admit()).toMatchObject({ ok: true, probe: true });
    g.onAccepted();
    expect(g.failing()).toBe(false);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [
        'warn',
        'the Boomi API keeps rejecting our JWTs (HTTP 401): failing fast with UNAUTHENTICATED until a probe succeeds',
      ],
      ['info', 'the Boomi API accepts our JWT again: 401 episode over'],
    ]);
  });

  it('never re-mints more than maxRemints per window, even for distinct refused tokens', () => {
    const { g } = guard();
    expect(g.onUnauthorized('a', false).action).toBe('remint');
    expect(g.onUnauthorized('b', false).action).toBe('remint');
    expect(g.onUnauthorized('c', false)).toEqual({ action: 'fail', reason: 'fast-fail' });
    expect(g.failing()).toBe(true);
  });
});
