import type { SharedState } from './shared-state.ts';

/**
 * The `/ready` entry of the shared state: always ok (a replica without Redis still serves, with local
 * JWTs and limits), with a detail an operator can act on. No URL, host or password in it.
 */
export function sharedStateCheck(state: SharedState): { ok: true; detail: string } {
  const { up, since, detail } = state.status();
  const at = new Date(since).toISOString();
  return {
    ok: true,
    detail: up
      ? `redis up since ${at}: JWT and limits shared across replicas`
      : `redis unavailable since ${at} (${detail}): local JWT and local limits`,
  };
}
