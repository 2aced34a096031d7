/** Node's timers overflow above 2^31 - 1 ms (then fire after 1 ms): every delay goes through this. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `ms` clamped to what `setTimeout` honours (0 ≤ ms ≤ {@link MAX_TIMER_MS}; NaN → 0). */
export function clampTimerMs(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 0;
  return Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(ms)));
}
