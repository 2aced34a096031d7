import type { ExecutionResult } from '@graphql-tools/utils';
import { normalizeUpstreamError } from '../errors/normalize-upstream.ts';
import type { MinimalLogger } from './logger-types.ts';

/** A GraphQL response object (`data` and/or `errors`), or `undefined` when the text is not one. */
export function parseGraphQLResponse(text: string): ExecutionResult | undefined {
  if (text.length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  const hasData = data !== undefined && (data === null || (typeof data === 'object' && !Array.isArray(data)));
  const hasErrors = Array.isArray(errors);
  if (!hasData && !hasErrors) return undefined;
  return {
    data: (data ?? null) as ExecutionResult['data'],
    ...(hasErrors ? { errors: errors as never } : {}),
  };
}

/** The result with every upstream error normalized to our catalog (see errors.ts). */
export function normalizeResult(result: ExecutionResult, logger: MinimalLogger): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    data: result.data ?? null,
    errors: result.errors.map((error) => normalizeUpstreamError(error as never, { logger })),
  };
}
