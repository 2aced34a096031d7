import type { MintFailureKind } from './metrics.ts';

/**
 * Classifies a failed mint from the token provider's onMint event: its HTTP status when there was an
 * answer, else its detail text (token-provider.ts writes "timed out", "unreachable", "circuit open").
 */
export function mintFailureKind(event: {
  status?: number;
  reason?: string;
  circuitOpen?: boolean;
}): MintFailureKind {
  if (event.circuitOpen) return 'circuit_open';
  const reason = event.reason ?? '';
  if (event.status === 401 || event.status === 403) return 'refused';
  if (event.status !== undefined) return /without a JWT/.test(reason) ? 'bad_response' : 'http_error';
  if (/timed out/.test(reason)) return 'timeout';
  if (/unreachable|connection failed/.test(reason)) return 'unreachable';
  return 'other';
}
