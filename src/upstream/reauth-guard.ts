import type { MinimalLogger } from './logger-types.ts';

export interface ReauthGuardOptions {
  /** Re-mints after a 401 allowed per window; beyond, callers fail fast with UNAUTHENTICATED. @default 6 */
  maxRemints?: number;
  /** Length of the re-mint window. @default 60000 */
  windowMs?: number;
  /** While failing fast, one caller per interval probes with a fresh JWT. @default 5000 */
  probeIntervalMs?: number;
  logger: MinimalLogger;
  /** Clock, injected in tests. @default Date.now */
  now?: () => number;
}

/** What the auth layer should do after a 401 on `token`. */
export type ReauthDecision =
  /** Drop the token and mint a new one, then replay once. */
  | { action: 'remint' }
  /** Another caller already dropped this token: take the current one and replay once (no new mint). */
  | { action: 'replay' }
  /** Do not mint again: fail with UNAUTHENTICATED. */
  | { action: 'fail'; reason: 'fresh-token-refused' | 'fast-fail' };

/**
 * Per-account limiter of re-mints after 401s, so a revoked or rotated API token cannot turn every request
 * into a mint (which can get the account's token throttled or locked). A 401 on the token this guard just
 * had minted means minting again will not help: an *episode* starts, logged once, during which callers fail
 * fast and one probe per `probeIntervalMs` tries a fresh JWT; the first accepted JWT ends the episode
 * (logged once). At most `maxRemints` re-mints happen per `windowMs`, whatever the traffic.
 */
export interface ReauthGuard {
  /**
   * Whether a caller may go upstream now. The episode's probe gets `stale`, the refused token to drop so
   * that it is sent with a fresh one (that mint counts against the ceiling).
   */
  admit(): { ok: true; probe: boolean; stale?: string } | { ok: false; retryAfterMs: number };
  /** The upstream answered 401 to `token`. */
  onUnauthorized(token: string, probe: boolean): ReauthDecision;
  /** The re-mint this guard asked for produced `token`. */
  onReminted(token: string): void;
  /** The upstream accepted a JWT (any answer but 401): an episode ends. */
  onAccepted(): void;
  /** Whether callers are failing fast. */
  failing(): boolean;
}

export function createReauthGuard(options: ReauthGuardOptions): ReauthGuard {
  const maxRemints = options.maxRemints ?? 6;
  const windowMs = options.windowMs ?? 60_000;
  const probeIntervalMs = options.probeIntervalMs ?? 5_000;
  const now = options.now ?? Date.now;
  const { logger } = options;

  let remints: number[] = [];
  /** The last token refused (other callers' 401s on it cause no further mint). */
  let lastRefused: string | undefined;
  /** The last token minted because of a 401. */
  let lastReminted: string | undefined;
  let episode: { since: number; failedFast: number; nextProbeAt: number; probing: boolean } | undefined;

  function remintsInWindow(at: number): number {
    remints = remints.filter((t) => at - t < windowMs);
    return remints.length;
  }

  function startEpisode(at: number, why: string): void {
    if (episode) return;
    episode = { since: at, failedFast: 0, nextProbeAt: at + probeIntervalMs, probing: false };
    logger.warn(
      { reason: why, probeIntervalMs, maxRemintsPerWindow: maxRemints, windowMs },
      'the Boomi API keeps rejecting our JWTs (HTTP 401): failing fast with UNAUTHENTICATED until a probe succeeds',
    );
  }

  /** When the next re-mint fits in the window. */
  function nextRemintAt(at: number): number {
    return remintsInWindow(at) < maxRemints ? at : (remints[0] ?? at) + windowMs;
  }

  return {
    admit() {
      if (!episode) return { ok: true, probe: false };
      const at = now();
      const probeAt = Math.max(episode.nextProbeAt, nextRemintAt(at));
      if (!episode.probing && at >= probeAt) {
        episode.probing = true;
        remints.push(at);
        return { ok: true, probe: true, ...(lastRefused === undefined ? {} : { stale: lastRefused }) };
      }
      episode.failedFast++;
      return { ok: false, retryAfterMs: Math.max(1000, probeAt - at) };
    },
    onUnauthorized(token, probe) {
      const at = now();
      if (probe && episode) {
        episode.probing = false;
        episode.nextProbeAt = at + probeIntervalMs;
      }
      if (token === lastRefused) return { action: 'replay' };
      lastRefused = token;
      if (token === lastReminted) {
        startEpisode(at, 'a freshly minted JWT was refused');
        return { action: 'fail', reason: 'fresh-token-refused' };
      }
      if (remintsInWindow(at) >= maxRemints) {
        startEpisode(at, 're-mint ceiling reached');
        return { action: 'fail', reason: 'fast-fail' };
      }
      remints.push(at);
      return { action: 'remint' };
    },
    onReminted(token) {
      lastReminted = token;
    },
    onAccepted() {
      if (!episode) return;
      const at = now();
      logger.info(
        { durationMs: at - episode.since, failedFast: episode.failedFast },
        'the Boomi API accepts our JWT again: 401 episode over',
      );
      episode = undefined;
    },
    failing() {
      return episode !== undefined;
    },
  };
}
