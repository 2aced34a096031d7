import type { Plugin } from 'graphql-yoga';
import { requestScopeOf } from './use-request-scope.ts';

/**
 * Records in the request scope (use-request-scope.ts) what the response tells of its errors, for the
 * access log and the metrics: the `extensions.code` of each error as the client gets it, so it must
 * be registered after useErrorNormalization, which gives every error its code. A request whose client
 * disconnected gets no codes (nobody was answered, and a disconnect is not a failure of ours): it is
 * marked `clientDisconnected` instead.
 */
export function useResponseCodes(): Plugin {
  return {
    onResultProcess({ request, result }) {
      const scope = requestScopeOf(request);
      if (!scope) return;
      if (request.signal?.aborted) scope.clientDisconnected = true;
      else scope.errorCodes.push(...errorCodesOf(result));
    },
  };
}

/** `extensions.code` of every error of a result (or batch of results); streams are not inspected. */
export function errorCodesOf(result: unknown): string[] {
  const results = Array.isArray(result) ? result : [result];
  const codes: string[] = [];
  for (const item of results) {
    const errors = (item as { errors?: unknown } | null)?.errors;
    if (!Array.isArray(errors)) continue;
    for (const error of errors) {
      const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      codes.push(typeof code === 'string' ? code : '__none');
    }
  }
  return codes;
}
