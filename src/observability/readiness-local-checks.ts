import type { ReadinessSnapshot } from './readiness-monitor.ts';

/** What the process itself knows, without I/O, that readiness must reflect. */
export interface LocalReadinessFacts {
  /** Each account's rate governor: slots held with no upstream activity mean it no longer dispatches (#8, mode 9). */
  governors: ReadonlyArray<{
    account: string;
    governor: { stalled(): boolean; stats(): { inFlight: number } };
  }>;
  /** BOOMI_ACCOUNTS (#12): the accounts served and the one the monitor probes; absent with one account. */
  accounts?: { names: readonly string[]; probed: string };
  /** The embedded simulator is serving: say so, whatever the other checks say (docs/security.md). */
  sandbox: boolean;
  /** Redis-shared state (#12): always ok, its detail says whether replicas share JWTs and limits. */
  sharedState?: () => { ok: boolean; detail: string };
}

/**
 * The monitor's cached verdict plus the local checks: `upstreamSlots` (a stalled governor of any account
 * fails readiness), with many accounts an always-ok `accounts` check naming them and the probed one, and
 * in sandbox mode an always-ok `sandbox` check naming what is served.
 */
export async function withLocalChecks(
  verdict: ReadinessSnapshot | Promise<ReadinessSnapshot>,
  facts: LocalReadinessFacts,
): Promise<ReadinessSnapshot> {
  const snapshot = await verdict;
  const stuck = facts.governors.filter(({ governor }) => governor.stalled());
  const stalled = stuck.length > 0;
  const named = facts.accounts !== undefined;
  const checks: ReadinessSnapshot['checks'] = {
    ...snapshot.checks,
    upstreamSlots: stalled
      ? {
          ok: false,
          detail: stuck
            .map(
              ({ account, governor }) =>
                `${governor.stats().inFlight} upstream slot(s)${named ? ` of account ${account}` : ''} held with no upstream activity`,
            )
            .join('; '),
        }
      : { ok: true, detail: 'no upstream slot is stuck' },
  };
  if (facts.accounts) {
    checks.accounts = {
      ok: true,
      detail: `accounts ${facts.accounts.names.join(', ')}; auth and graphql checks probe ${facts.accounts.probed}`,
    };
  }
  if (facts.sharedState) checks.sharedState = facts.sharedState();
  if (facts.sandbox) {
    checks.sandbox = { ok: true, detail: 'SANDBOX: serving data of the embedded Boomi simulator, not Boomi' };
  }
  return { ...snapshot, ready: snapshot.ready && !stalled, checks };
}
