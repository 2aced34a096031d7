import type { READINESS_STATES } from './metrics.ts';

/** Readiness states, worst first: see docs/operations.md. */
export type ReadinessState = (typeof READINESS_STATES)[number];

/** A check's verdict; `detail` is safe to show (no token, no credential, no body). */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

/** What `/ready` answers (as JSON; 200 when `ready`, else 503). */
export interface ReadinessSnapshot {
  ready: boolean;
  state: ReadinessState;
  mode: 'production' | 'sandbox';
  /** When the state last changed (ISO 8601). */
  since: string;
  /** When the checks last ran (ISO 8601), or null before the first run. */
  checkedAt: string | null;
  /** The monitor's own checks, plus local ones (readiness-local-checks.ts: stuck governor slots, sandbox). */
  checks: { auth: CheckResult; graphql: CheckResult } & Partial<Record<string, CheckResult>>;
}

/** What one JWT mint said about the auth endpoint (from the token provider's onMint). */
export interface MintEvidence {
  outcome: 'success' | 'failure';
  status?: number;
  reason?: string;
  circuitOpen?: boolean;
}

export interface ReadinessMonitorOptions {
  mode: 'production' | 'sandbox';
  /** Whether a valid JWT is cached (no network). */
  hasValidToken(): boolean;
  /** Obtains a JWT (mints when none is cached); rejects on failure. */
  ensureToken(signal: AbortSignal): Promise<unknown>;
  /** A light request to the GraphQL endpoint; rejects with a safe message when it is unreachable. */
  probeGraphQL(signal: AbortSignal): Promise<unknown>;
  /** Checks while healthy, and the first backoff step. @default 5000 */
  intervalMs?: number;
  /** Longest pause between checks while failing (doubling from intervalMs). @default 60000 */
  maxBackoffMs?: number;
  /** Consecutive failed checks before leaving `ready`. @default 2 */
  failureThreshold?: number;
  /** Consecutive good checks before returning to `ready`. @default 2 */
  successThreshold?: number;
  /** Time allowed for one check (mint or probe). @default 5000 */
  checkTimeoutMs?: number;
  /**
   * What an operator checks when Boomi refuses the credentials.
   * @default 'BOOMI_ACCOUNT_ID, BOOMI_USERNAME and BOOMI_API_TOKEN'
   */
  credentialsHint?: string;
  onChange?(snapshot: ReadinessSnapshot, previous: ReadinessState): void;
  /** @default Date.now */
  now?: () => number;
}

export interface ReadinessMonitor {
  /** The cached verdict: never does I/O. */
  snapshot(): ReadinessSnapshot;
  /** Runs the checks once now (start-up, tests) and resolves with the resulting snapshot. */
  check(): Promise<ReadinessSnapshot>;
  /**
   * Starts the background checks (unref'd timer) unless started; resolves with the verdict of the first
   * check. main.ts starts it at start-up; otherwise the first `/ready` probe does.
   */
  start(): Promise<ReadinessSnapshot>;
  started(): boolean;
  /** A mint happened (client traffic or a refresh): evidence about the auth endpoint. */
  noteMint(event: MintEvidence): void;
  /** An upstream attempt ended: evidence about the GraphQL endpoint (`reachable` false for transport failures). */
  noteGraphQL(reachable: boolean, detail: string): void;
  dispose(): void;
}

interface Evidence {
  ok: boolean;
  detail: string;
  at: number;
  refused?: boolean;
}

/**
 * Keeps a cached readiness verdict, refreshed in the background: `/ready` never mints or probes. A check
 * mints only when no valid JWT is cached, and probes the GraphQL endpoint only when no upstream attempt
 * told us anything within the last interval. Failing checks back off (doubling up to maxBackoffMs) so bad
 * credentials do not become a login attempt at Boomi every few seconds. The verdict changes only after
 * `failureThreshold` / `successThreshold` consecutive agreeing checks (no flapping).
 */
export function createReadinessMonitor(options: ReadinessMonitorOptions): ReadinessMonitor {
  const intervalMs = options.intervalMs ?? 5_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const failureThreshold = options.failureThreshold ?? 2;
  const successThreshold = options.successThreshold ?? 2;
  const checkTimeoutMs = options.checkTimeoutMs ?? 5_000;
  const now = options.now ?? Date.now;

  let state: ReadinessState = 'starting';
  let since = now();
  let checkedAt: number | undefined;
  let auth: Evidence = { ok: false, detail: 'no JWT obtained yet', at: 0 };
  let graphql: Evidence = { ok: false, detail: 'not checked yet', at: 0 };
  let candidate: ReadinessState | undefined;
  let streak = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<ReadinessSnapshot> | undefined;
  let first: Promise<ReadinessSnapshot> | undefined;
  let disposed = false;

  function snapshot(): ReadinessSnapshot {
    return {
      ready: state === 'ready',
      state,
      mode: options.mode,
      since: new Date(since).toISOString(),
      checkedAt: checkedAt === undefined ? null : new Date(checkedAt).toISOString(),
      checks: { auth: view(auth), graphql: view(graphql) },
    };
  }

  function verdict(): ReadinessState {
    if (!auth.ok) return auth.refused ? 'credentials_refused' : 'auth_unreachable';
    return graphql.ok ? 'ready' : 'graphql_unreachable';
  }

  function settle(next: ReadinessState): void {
    if (next === state) {
      candidate = undefined;
      streak = 0;
      return;
    }
    streak = next === candidate ? streak + 1 : 1;
    candidate = next;
    const needed = state === 'starting' ? 1 : next === 'ready' ? successThreshold : failureThreshold;
    if (streak < needed) return;
    const previous = state;
    state = next;
    since = now();
    candidate = undefined;
    streak = 0;
    options.onChange?.(snapshot(), previous);
  }

  async function runChecks(): Promise<ReadinessSnapshot> {
    const signal = AbortSignal.timeout(checkTimeoutMs);
    if (options.hasValidToken()) {
      auth = { ok: true, detail: 'a valid JWT is cached', at: now() };
    } else {
      // The mint's own onMint event records the evidence (status, reason); this only makes one happen.
      await options.ensureToken(signal).catch(() => {});
      if (options.hasValidToken()) auth = { ok: true, detail: 'a JWT was minted', at: now() };
      // No mint event explained the failure (disposed, aborted before the request): say so plainly.
      else if (auth.ok) auth = { ok: false, detail: 'no JWT could be obtained', at: now() };
    }
    if (auth.ok && now() - graphql.at >= intervalMs) {
      const before = graphql;
      try {
        await options.probeGraphQL(signal);
        graphql = { ok: true, detail: 'the GraphQL endpoint answered a probe', at: now() };
      } catch (error) {
        // The executor's attempt events carry the cause (ECONNREFUSED, HTTP 503); keep that if it came in.
        if (graphql === before || graphql.ok) graphql = { ok: false, detail: probeDetail(error), at: now() };
      }
    }
    checkedAt = now();
    const next = verdict();
    settle(next);
    failures = next === 'ready' ? 0 : failures + 1;
    return snapshot();
  }

  function check(): Promise<ReadinessSnapshot> {
    running ??= runChecks().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (disposed) return;
    const delay = failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** (failures - 1));
    timer = setTimeout(() => {
      void check().finally(schedule);
    }, delay);
    timer.unref?.();
  }

  return {
    snapshot,
    check,
    start() {
      if (!first) {
        first = check();
        void first.finally(schedule);
      }
      return first;
    },
    started: () => first !== undefined,
    noteMint(event) {
      if (event.outcome === 'success') {
        auth = { ok: true, detail: 'a JWT was minted', at: now() };
        return;
      }
      const refused = event.status === 401 || event.status === 403;
      auth = {
        ok: false,
        refused,
        detail: refused
          ? `Boomi refused the credentials (HTTP ${event.status}): check ${options.credentialsHint ?? 'BOOMI_ACCOUNT_ID, BOOMI_USERNAME and BOOMI_API_TOKEN'}`
          : (event.reason ?? 'the auth endpoint could not be reached'),
        at: now(),
      };
    },
    noteGraphQL(reachable, detail) {
      graphql = { ok: reachable, detail, at: now() };
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

function view(evidence: Evidence): CheckResult {
  return { ok: evidence.ok, detail: evidence.detail };
}

function probeDetail(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
