/** Validation of {@link FaultConfig} (start options and `POST /__sim/faults` share it). */
import { z } from 'zod';
import type { FaultConfig } from './types.ts';

const probability = z.number().min(0).max(1);
const millis = z.number().int().min(0).max(600_000);

const faultConfigSchema = z
  .object({
    latencyMs: millis.optional(),
    latencyJitterMs: millis.optional(),
    rate429: probability.optional(),
    rate500: probability.optional(),
    rate502: probability.optional(),
    rate503: probability.optional(),
    resetRate: probability.optional(),
    malformedJsonRate: probability.optional(),
    htmlErrorRate: probability.optional(),
    emptyBodyRate: probability.optional(),
    resolverExceptionRate: probability.optional(),
    themeStoreDown: z.boolean().optional(),
    operations: z.array(z.string().min(1)).optional(),
    authDown: z.boolean().optional(),
    authFailRate: probability.optional(),
    authLatencyMs: millis.optional(),
    seed: z.number().int().optional(),
  })
  .strict();

/** The response-level fault kinds, in the order their probabilities are stacked. */
export const RESPONSE_FAULT_KINDS = [
  ['rate429', 'http429'],
  ['rate500', 'http500'],
  ['rate502', 'http502'],
  ['rate503', 'http503'],
  ['resetRate', 'reset'],
  ['malformedJsonRate', 'malformedJson'],
  ['htmlErrorRate', 'htmlError'],
  ['emptyBodyRate', 'emptyBody'],
] as const;

/** A response-level fault kind (also the key in `stats.faultsInjected`). */
export type ResponseFaultKind = (typeof RESPONSE_FAULT_KINDS)[number][1];

/** Validates a fault config; the error message names the offending field and value. */
export function parseFaultConfig(
  input: unknown,
): { ok: true; value: FaultConfig } | { ok: false; error: string } {
  const result = faultConfigSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(root)';
    const received = issue ? valueAt(input, issue.path) : undefined;
    const shown = received === undefined ? '' : ` (received ${JSON.stringify(received)})`;
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.join(', ')}`
        : (issue?.message ?? 'invalid');
    return { ok: false, error: `invalid fault config: ${path}: ${message}${shown}` };
  }
  const value = stripUndefined(result.data) as FaultConfig;
  const total = RESPONSE_FAULT_KINDS.reduce((sum, [field]) => sum + (value[field] ?? 0), 0);
  if (total > 1 + 1e-9) {
    return {
      ok: false,
      error: `invalid fault config: the response fault probabilities (rate429..emptyBodyRate) add up to ${total}, more than 1`,
    };
  }
  return { ok: true, value };
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
