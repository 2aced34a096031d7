/** Runtime fault decisions, drawn from a PRNG seeded by `FaultConfig.seed` (reproducible runs). */
import { RESPONSE_FAULT_KINDS, type ResponseFaultKind } from './fault-config.ts';
import { createPrng, type Prng } from './prng.ts';
import type { FaultConfig } from './types.ts';

/** Fault state of one simulator instance. */
export interface FaultEngine {
  readonly config: FaultConfig;
  /** Replaces the config and re-seeds the PRNG. The config must already be validated. */
  set(config: FaultConfig): void;
  /** Whether a request touching these root fields is subject to faults. */
  applies(rootFields: readonly string[]): boolean;
  /** Latency to add to this /graphql request (ms). */
  latency(): number;
  /** The response fault to inject into this request, if any (one draw per request). */
  responseFault(): ResponseFaultKind | undefined;
  /** Whether a root resolver should throw an unexpected exception. */
  resolverException(): boolean;
  /** Whether the auth endpoint should fail this call with 503. */
  authFails(): boolean;
}

/** Creates the engine with an initial config. */
export function createFaultEngine(initial: FaultConfig): FaultEngine {
  let config = initial;
  let prng: Prng = createPrng(initial.seed ?? 1);
  return {
    get config() {
      return config;
    },
    set(next) {
      config = next;
      prng = createPrng(next.seed ?? 1);
    },
    applies(rootFields) {
      if (!config.operations) return true;
      return rootFields.some((f) => config.operations?.includes(f));
    },
    latency() {
      const base = config.latencyMs ?? 0;
      const jitter = config.latencyJitterMs ?? 0;
      return base + (jitter > 0 ? Math.floor(prng.next() * (jitter + 1)) : 0);
    },
    responseFault() {
      const any = RESPONSE_FAULT_KINDS.some(([field]) => (config[field] ?? 0) > 0);
      if (!any) return undefined;
      const draw = prng.next();
      let cumulative = 0;
      for (const [field, kind] of RESPONSE_FAULT_KINDS) {
        cumulative += config[field] ?? 0;
        if (draw < cumulative) return kind;
      }
      return undefined;
    },
    resolverException() {
      const rate = config.resolverExceptionRate ?? 0;
      return rate > 0 && prng.next() < rate;
    },
    authFails() {
      if (config.authDown) return true;
      const rate = config.authFailRate ?? 0;
      return rate > 0 && prng.next() < rate;
    },
  };
}
