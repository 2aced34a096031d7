import { CONFIG_DEFAULTS } from '../config.ts';
import { causeCode } from '../errors/cause-chain.ts';
import { redactSecrets } from '../observability/redact.ts';
import { coordinateMint, type MintSource } from '../shared-state/coordinate-mint.ts';
import type { SharedTokenEntry, SharedTokenStore } from '../shared-state/shared-token-store.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { isJwtShaped, readJwtTimes } from './jwt.ts';
import { type MinimalLogger, silentLogger } from './logger-types.ts';
import { clampTimerMs } from './timers.ts';
import { authFailedError } from './to-client-error.ts';

export interface TokenProviderOptions {
  /** Base URL of the JWT endpoint, e.g. https://api.boomi.com/auth/jwt/generate; the account id is appended. */
  authUrl: string;
  /** Boomi account id (goes only into the URL path). */
  accountId: string;
  /** Platform user name; sent as `BOOMI_TOKEN.<username>`. */
  username: string;
  /** Platform API token (the Basic auth password). Never logged. */
  apiToken: string;
  /** Injected transport. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Refresh this long before `exp`; clamped to half the token lifetime for short-lived tokens. @default 60 */
  refreshMarginSeconds?: number;
  /** Lifetime assumed when `exp` cannot be read (Boomi documents 5 minutes). @default 300 */
  defaultLifetimeSeconds?: number;
  /** Time allowed for one mint request. @default 10000 */
  mintTimeoutMs?: number;
  /** Backoff of background re-mints while the cached token is still valid (full jitter). @default { initialDelayMs: 500, maxDelayMs: 30000 } */
  backgroundRetry?: { initialDelayMs?: number; maxDelayMs?: number };
  /**
   * Mint attempts a caller makes when no valid token is cached, retrying retryable failures (5xx, 429,
   * network, timeout) with full-jitter backoff (100 ms doubling, at most 1 s) while its signal allows. An
   * open auth breaker or a refusal (401/403) is never retried. @default 8 (`JWT_MINT_ATTEMPTS`, config.ts)
   */
  mintAttempts?: number;
  /** Breaker of the auth endpoint; when open, mints fail fast. @default none */
  breaker?: CircuitBreaker;
  /**
   * Shares the JWT with the other replicas through Redis (src/shared-state/): one mint per refresh window
   * across replicas, a 401 re-mint coordinated through the same lock. Redis failures fall back to local
   * mints. @default none (this replica mints for itself)
   */
  sharedTokens?: SharedTokenStore;
  /** Where each new JWT came from (metrics, tests). @default none */
  onToken?: (source: MintSource) => void;
  /**
   * Metrics and tracing hook, called once per mint attempt (and once per mint refused by the open auth
   * breaker, with `circuitOpen`). `reason` is the failure detail, safe to log. @default none
   */
  onMint?: (event: {
    outcome: 'success' | 'failure';
    durationMs: number;
    status?: number;
    reason?: string;
    circuitOpen?: boolean;
  }) => void;
  /** @default a silent logger */
  logger?: MinimalLogger;
  /** Clock, injected in tests. @default Date.now */
  now?: () => number;
  /** Randomness for the backoff jitter, injected in tests. @default Math.random */
  random?: () => number;
}

/** What {@link TokenProvider.obtain} found: a JWT, or why there is none (typed; no client error yet). */
export type TokenResult =
  | { ok: true; token: string }
  | { ok: false; retryable: boolean; cause?: Error; shuttingDown?: boolean };

export interface TokenProvider {
  /** A valid JWT, minting one when none is cached. Rejects with UPSTREAM_AUTH_FAILED, or `signal.reason` on abort. */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Like {@link getToken}, but a mint failure is a typed result; rejects only with `signal.reason` on abort. */
  obtain(signal?: AbortSignal): Promise<TokenResult>;
  /** Drops the cached token only if it still is `token` (many parallel 401s cause one re-mint, not many). */
  invalidate(token: string): void;
  /** Health information; never contains the token or credentials. */
  status(): { hasValidToken: boolean; expiresAt?: number; mints: number; lastError?: string };
  /** Clears timers and aborts a mint in flight; later `getToken` calls reject. */
  dispose(): void;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  /** Handed out until then; later, a request could outlive the token. */
  usableUntil: number;
  /** When to mint the next token (exp - margin). */
  refreshAt: number;
  /** Whether a caller got this token; refresh-ahead is skipped for tokens nobody uses (idle service). */
  used: boolean;
}

/** Why a mint failed; `detail` is safe to log (no body, no header, no token). */
class MintFailure extends Error {
  constructor(
    readonly detail: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** The auth breaker refused the call: waiting a few hundred ms will not change that. */
    readonly circuitOpen = false,
  ) {
    super(detail);
    this.name = 'MintFailure';
  }
}

/** A token endpoint answer larger than this is not a JWT. */
const MAX_BODY_CHARS = 65_536;
/**
 * Shortest time between two refresh-ahead mints, whatever `exp` says: a token that claims to be valid
 * for a second (or whose refresh point is already past) is not re-minted in a tight loop.
 */
const MIN_REFRESH_INTERVAL_MS = 1_000;
/**
 * A token with less validity left than this (or a tenth of its lifetime, if shorter) is not handed out:
 * the request would outlive it.
 */
const MIN_REMAINING_MS = 1_000;
const TOKEN_FIELDS = ['token', 'jwt', 'access_token', 'accessToken'] as const;

function fail(option: string, expectation: string, received: string): never {
  throw new TypeError(`createTokenProvider: option ${option} must be ${expectation}, received ${received}`);
}

function nonEmptyString(option: string, value: unknown, secret = false): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    fail(option, 'a non-empty string', secret ? typeof value : (JSON.stringify(value) ?? String(value)));
  }
  return value;
}

function number(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(option, `a finite number >= ${min}`, String(value));
  }
  return value;
}

function validate(options: TokenProviderOptions) {
  if (typeof options !== 'object' || options === null) fail('options', 'an object', String(options));
  const authUrl = nonEmptyString('authUrl', options.authUrl);
  let parsed: URL;
  try {
    parsed = new URL(authUrl);
  } catch {
    fail('authUrl', 'an absolute http(s) URL', JSON.stringify(authUrl));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail('authUrl', 'an absolute http(s) URL', JSON.stringify(authUrl));
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('fetch', 'a function', typeof fetchImpl);
  return {
    url: `${authUrl.replace(/\/+$/, '')}/${encodeURIComponent(nonEmptyString('accountId', options.accountId))}`,
    basic: Buffer.from(
      `BOOMI_TOKEN.${nonEmptyString('username', options.username)}:${nonEmptyString('apiToken', options.apiToken, true)}`,
    ).toString('base64'),
    fetch: fetchImpl,
    refreshMarginMs: number('refreshMarginSeconds', options.refreshMarginSeconds, 60, 0) * 1000,
    defaultLifetimeMs: number('defaultLifetimeSeconds', options.defaultLifetimeSeconds, 300, 1) * 1000,
    mintTimeoutMs: number('mintTimeoutMs', options.mintTimeoutMs, 10_000, 1),
    initialDelayMs: number('backgroundRetry.initialDelayMs', options.backgroundRetry?.initialDelayMs, 500, 1),
    maxDelayMs: number('backgroundRetry.maxDelayMs', options.backgroundRetry?.maxDelayMs, 30_000, 1),
    mintAttempts: Math.floor(
      number('mintAttempts', options.mintAttempts, CONFIG_DEFAULTS.jwt.mintAttempts, 1),
    ),
  };
}

/** A system error code (ECONNREFUSED, ENOTFOUND…), not a free-form one that could carry other text. */
const SYSTEM_ERROR_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

/** Extracts the JWT from a text body (the documented form) or a JSON body with a token-like field. */
function tokenFromBody(body: string): string | undefined {
  const text = body.trim();
  if (text.startsWith('{') || text.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed.trim();
      if (typeof parsed === 'object' && parsed !== null) {
        for (const field of TOKEN_FIELDS) {
          const value = (parsed as Record<string, unknown>)[field];
          if (typeof value === 'string') return value.trim();
        }
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
  return text;
}

/** Waits `ms` (global timers, so fake clocks apply), or rejects with `signal.reason` on abort. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return raceAbort(
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }),
    signal,
  );
}

/** Resolves like `promise`, or rejects with `signal.reason` as soon as the signal aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Mints Boomi JWTs (`GET <authUrl>/<accountId>`, Basic `BOOMI_TOKEN.<username>:<apiToken>`), caches
 * them until `exp`, refreshes them ahead of expiry on an unref'd timer (so requests do not wait on a
 * mint in steady state), and shares one mint among all concurrent callers. While the cached token is
 * still valid a failed mint is retried in the background (exponential backoff, full jitter) and callers
 * keep getting the cached token; only when no valid token exists do callers see UPSTREAM_AUTH_FAILED.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const config = validate(options);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { breaker, onMint, sharedTokens } = options;
  /** The last JWTs refused here (401): a shared copy of one of them is not used again. */
  let refused: string[] = [];

  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let backgroundFailures = 0;
  let mints = 0;
  let lastError: string | undefined;
  /** The last real mint failure, named when the breaker refuses (so the cause stays visible). */
  let lastFailure: string | undefined;
  let disposed = false;
  const lifetime = new AbortController();

  function validToken(): CachedToken | undefined {
    return cached && now() < cached.usableUntil ? cached : undefined;
  }

  function clearTimers(): void {
    if (refreshTimer) clearTimeout(refreshTimer);
    if (retryTimer) clearTimeout(retryTimer);
    refreshTimer = undefined;
    retryTimer = undefined;
  }

  async function requestToken(): Promise<{ token: string; status: number }> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), config.mintTimeoutMs);
    const onDispose = () => controller.abort();
    lifetime.signal.addEventListener('abort', onDispose, { once: true });
    try {
      let response: Response;
      try {
        response = await config.fetch(config.url, {
          method: 'GET',
          headers: { authorization: `Basic ${config.basic}`, accept: 'text/plain, application/json' },
          signal: controller.signal,
        });
      } catch (error) {
        // The error text of a failed fetch can include the URL or request details: keep only the kind.
        if (lifetime.signal.aborted) throw new MintFailure('token provider disposed', false);
        if (controller.signal.aborted)
          throw new MintFailure(`auth endpoint timed out after ${config.mintTimeoutMs} ms`, true);
        throw new MintFailure(
          `auth endpoint unreachable (${causeCode(error, (code) => SYSTEM_ERROR_CODE.test(code)) ?? 'network error'})`,
          true,
        );
      }
      const status = response.status;
      if (status === 401 || status === 403) {
        throw new MintFailure(`auth endpoint refused the credentials (HTTP ${status})`, false, status);
      }
      if (status < 200 || status > 299) {
        const retryable = status >= 500 || status === 429 || status === 408;
        throw new MintFailure(`auth endpoint answered HTTP ${status}`, retryable, status);
      }
      let body: string;
      try {
        body = await response.text();
      } catch {
        if (controller.signal.aborted)
          throw new MintFailure(`auth endpoint timed out after ${config.mintTimeoutMs} ms`, true, status);
        throw new MintFailure('auth endpoint connection failed while reading the body', true, status);
      }
      const token = body.length <= MAX_BODY_CHARS ? tokenFromBody(body) : undefined;
      if (token === undefined || !isJwtShaped(token)) {
        throw new MintFailure('auth endpoint answered without a JWT', true, status);
      }
      return { token, status };
    } finally {
      clearTimeout(timeout);
      lifetime.signal.removeEventListener('abort', onDispose);
    }
  }

  function expiryOf(token: string, mintedAt: number): number {
    const { exp, iat } = readJwtTimes(token);
    if (exp !== undefined && exp * 1000 > mintedAt) return exp * 1000;
    if (exp !== undefined && iat !== undefined && exp > iat) {
      // exp already passed by our clock, yet Boomi just issued it: our clock is ahead. Trust the lifetime.
      logger.warn(
        { skewMs: mintedAt - exp * 1000 },
        'JWT exp is in the past by the local clock; using exp - iat',
      );
      return mintedAt + (exp - iat) * 1000;
    }
    return mintedAt + config.defaultLifetimeMs;
  }

  function createEntry(token: string, mintedAt: number, expiresAt: number): CachedToken {
    const lifetimeMs = expiresAt - mintedAt;
    return {
      token,
      expiresAt,
      usableUntil: expiresAt - Math.min(MIN_REMAINING_MS, lifetimeMs / 10),
      refreshAt: expiresAt - Math.min(config.refreshMarginMs, lifetimeMs / 2),
      used: false,
    };
  }

  function scheduleRefresh(entry: CachedToken, mintedAt: number): void {
    // Clamped: above 2^31-1 ms Node fires the timer after 1 ms (10-year JWTs would be re-minted in a loop).
    const delay = clampTimerMs(Math.max(MIN_REFRESH_INTERVAL_MS, entry.refreshAt - mintedAt));
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      // Refresh only a token someone used: an idle service should not mint forever.
      if (cached === entry && entry.used) backgroundMint();
    }, delay);
    refreshTimer.unref?.();
  }

  /** One request to the auth endpoint, through the breaker; counts the mint. */
  async function mintRemote(): Promise<SharedTokenEntry> {
    const started = now();
    const permit = breaker?.tryAcquire();
    if (breaker && permit === undefined) {
      // No request is made; status() and the event still tell why there is no token.
      // Keep the failure that opened it: "circuit open" alone does not tell an operator what is wrong.
      const cause = lastFailure === undefined ? '' : `; last failure: ${lastFailure}`;
      lastError = `auth endpoint circuit open (${breaker.name})${cause}`;
      onMint?.({ outcome: 'failure', durationMs: 0, reason: lastError, circuitOpen: true });
      throw new MintFailure(lastError, true, undefined, true);
    }
    try {
      const { token, status } = await requestToken();
      permit?.success();
      const mintedAt = now();
      const expiresAt = expiryOf(token, mintedAt);
      mints++;
      onMint?.({ outcome: 'success', durationMs: now() - started, status });
      logger.debug({ expiresInMs: expiresAt - mintedAt, durationMs: now() - started }, 'minted a JWT');
      return { token, mintedAt, expiresAt };
    } catch (error) {
      const failure =
        error instanceof MintFailure ? error : new MintFailure('unexpected error while minting a JWT', true);
      // A refusal proves the endpoint is up; only availability problems count against the breaker.
      // An HTTP answer (503, 429…) proves the endpoint is reachable: it counts in the ratio, not the streak.
      if (failure.retryable) permit?.failure(failure.status === undefined ? 'transport' : 'response');
      else permit?.success();
      lastError = redactSecrets(failure.detail);
      lastFailure = lastError;
      onMint?.({
        outcome: 'failure',
        durationMs: now() - started,
        reason: lastError,
        ...(failure.status === undefined ? {} : { status: failure.status }),
      });
      throw failure;
    }
  }

  /** A JWT from Redis is used only while it is before its refresh point and was not refused here. */
  function acceptableShared(entry: SharedTokenEntry): boolean {
    if (refused.includes(entry.token)) return false;
    return now() < createEntry(entry.token, entry.mintedAt, entry.expiresAt).refreshAt;
  }

  async function obtainEntry(): Promise<{ entry: SharedTokenEntry; source: MintSource }> {
    if (!sharedTokens) return { entry: await mintRemote(), source: 'local' };
    return coordinateMint({
      store: sharedTokens,
      mint: mintRemote,
      acceptable: acceptableShared,
      lockTtlMs: config.mintTimeoutMs + 1_000,
      waitMs: config.mintTimeoutMs,
    });
  }

  function mint(): Promise<CachedToken> {
    if (inflight) return inflight;
    const run = async (): Promise<CachedToken> => {
      if (disposed) throw new MintFailure('token provider disposed', false);
      const { entry: found, source } = await obtainEntry();
      if (disposed) throw new MintFailure('token provider disposed', false);
      const entry = createEntry(found.token, found.mintedAt, found.expiresAt);
      cached = entry;
      lastError = undefined;
      backgroundFailures = 0;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      scheduleRefresh(entry, now());
      options.onToken?.(source);
      return entry;
    };
    const promise = run().finally(() => {
      if (inflight === promise) inflight = undefined;
    });
    inflight = promise;
    // Callers may all have given up (aborted); the shared mint must not become an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }

  function backgroundMint(): void {
    if (disposed || inflight) return;
    mint().catch((error: unknown) => {
      if (disposed) return;
      const detail = error instanceof MintFailure ? error.detail : 'unknown';
      const current = validToken();
      if (!current) {
        // Nothing left to protect: the next getToken mints on demand and reports the failure.
        logger.warn({ reason: redactSecrets(detail) }, 'JWT refresh failed and the cached token expired');
        return;
      }
      backgroundFailures++;
      // Short-lived tokens: fit several retries into the validity that is left, whatever the backoff says.
      const ceiling = Math.min(
        config.maxDelayMs,
        config.initialDelayMs * 2 ** (backgroundFailures - 1),
        Math.max(50, (current.usableUntil - now()) / 2),
      );
      const delay = Math.floor(random() * ceiling);
      logger.warn(
        { reason: redactSecrets(detail), retryInMs: delay, validForMs: current.expiresAt - now() },
        'JWT refresh failed; serving the cached token and retrying in the background',
      );
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        backgroundMint();
      }, clampTimerMs(delay));
      retryTimer.unref?.();
    });
  }

  function failed(error: unknown): TokenResult {
    const failure = error instanceof MintFailure ? error : undefined;
    return { ok: false, retryable: failure?.retryable ?? true, ...(failure ? { cause: failure } : {}) };
  }

  async function obtain(signal?: AbortSignal): Promise<TokenResult> {
    if (disposed) return { ok: false, retryable: true, shuttingDown: true };
    if (signal?.aborted) throw signal.reason;
    const current = validToken();
    if (current) {
      current.used = true;
      // Past the refresh point but no refresh under way (the token was idle when its timer fired).
      if (now() >= current.refreshAt && !inflight && !retryTimer) backgroundMint();
      return { ok: true, token: current.token };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const entry = await raceAbort(mint(), signal);
        entry.used = true;
        return { ok: true, token: entry.token };
      } catch (error) {
        if (signal?.aborted && error === signal.reason) throw error;
        const failure = error instanceof MintFailure ? error : undefined;
        const retry = failure?.retryable && !failure.circuitOpen && attempt < config.mintAttempts;
        if (!retry || disposed) return failed(error);
        const ceiling = Math.min(1_000, 100 * 2 ** (attempt - 1));
        await delay(Math.floor(random() * ceiling), signal);
        // Another caller's mint may have succeeded meanwhile.
        const fresh = validToken();
        if (fresh) {
          fresh.used = true;
          return { ok: true, token: fresh.token };
        }
      }
    }
  }

  return {
    obtain,
    async getToken(signal) {
      const result = await obtain(signal);
      if (result.ok) return result.token;
      throw authFailedError(
        result.retryable,
        result.cause,
        result.shuttingDown ? 'The subgraph is shutting down.' : undefined,
      );
    },
    invalidate(token) {
      refused = [token, ...refused.filter((t) => t !== token)].slice(0, 4);
      // Compare-and-delete: a JWT another replica already put in its place stays.
      sharedTokens?.discard(token).catch((error: unknown) => sharedTokens.failed(error));
      if (cached?.token !== token) return;
      cached = undefined;
      clearTimers();
      backgroundFailures = 0;
    },
    status() {
      const current = validToken();
      return {
        hasValidToken: current !== undefined,
        ...(current ? { expiresAt: current.expiresAt } : {}),
        mints,
        ...(lastError === undefined ? {} : { lastError }),
      };
    },
    dispose() {
      disposed = true;
      clearTimers();
      cached = undefined;
      lifetime.abort();
    },
  };
}
