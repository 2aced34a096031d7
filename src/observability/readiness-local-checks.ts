import type { ReadinessSnapshot } from './readiness-monitor.ts';

/** What the process itself knows, without I/O, that readiness must reflect. */
export interface LocalReadinessFacts {
  /** The rate governor: slots held with no upstream activity mean it no longer dispatches (#8, mode 9). */
  governor: { stalled(): boolean; stats(): { inFlight: number } };
  /** The embedded simulator is serving: say so, whatever the other checks say (docs/security.md). */
  sandbox: boolean;
  /** Redis-shared state (#12): always ok, its detail says whether replicas share JWTs and limits. */
  sharedState?: () => { ok: boolean; detail: string };
}

/**
 * The monitor's cached verdict plus the local checks: `upstreamSlots` (a stalled governor fails
 * readiness) and, in sandbox mode, an always-ok `sandbox` check naming what is served.
 */
export async function withLocalChecks(
  verdict: ReadinessSnapshot | Promise<ReadinessSnapshot>,
  facts: LocalReadinessFacts,
): Promise<ReadinessSnapshot> {
  const snapshot = await verdict;
  const stalled = facts.governor.stalled();
  const checks: ReadinessSnapshot['checks'] = {
    ...snapshot.checks,
    upstreamSlots: stalled
      ? {
          ok: false,
          detail: `${facts.governor.stats().inFlight} upstream slot(s) held with no upstream activity`,
        }
      : { ok: true, detail: 'no upstream slot is stuck' },
  };
  if (facts.sharedState) checks.sharedState = facts.sharedState();
  if (facts.sandbox) {
    checks.sandbox = { ok: true, detail: 'SANDBOX: serving data of the embedded Boomi simulator, not Boomi' };
  }
  return { ...snapshot, ready: snapshot.ready && !stalled, checks };
}
