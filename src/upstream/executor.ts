/**
 * The upstream executor's public names, kept for the modules that import them from here. The call path
 * itself is built in stack.ts from one layer per concern.
 */
export type { AttemptEvent, AttemptLabel, UpstreamObserver } from './hooks.ts';
export {
  createUpstreamStack as createUpstreamExecutor,
  type UpstreamStack as UpstreamExecutor,
  type UpstreamStackOptions as UpstreamExecutorOptions,
} from './stack.ts';
export type { UpstreamFetch, UpstreamResponse } from './transport.ts';
