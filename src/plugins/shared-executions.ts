/**
 * Which execution an operation shared (use-operation-sharing.ts): an operation that joined one in
 * flight gets a copy of that execution's result without executing, so what that execution recorded
 * about its request context (the per-entity entries it answered from, src/cache/entity-cache.ts) is
 * found through the context of the execution it joined.
 */
const executions = new WeakMap<object, object>();

/** Records that the operation of `joined` got the result of the execution of `leader`. */
export function linkSharedExecution(joined: unknown, leader: unknown): void {
  if (isObject(joined) && isObject(leader) && joined !== leader) executions.set(joined, leader);
}

/** The context of the execution whose result the operation of `context` shared, if it joined one. */
export function sharedExecutionOf(context: unknown): object | undefined {
  return isObject(context) ? executions.get(context) : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
