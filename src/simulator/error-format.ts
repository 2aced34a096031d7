/**
 * Renders GraphQL errors in the configured error style. Domain errors carry a code; any other
 * execution error is an unexpected exception and becomes GENERIC_SYSTEM_ERROR (its text is not
 * exposed, so internals never leak).
 */
import type { GraphQLError } from 'graphql';
import { codeName, domainCodeOf, type SimErrorCode } from './error-codes.ts';
import type { ErrorStyle } from './types.ts';

/** JSON shape of one error in a response. */
export interface ErrorJson {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  extensions: Record<string, unknown>;
}

/** Style settings used by the formatter. */
export interface ErrorFormatSettings {
  errorStyle: ErrorStyle;
  errorCodeNaming: 'legacy' | 'current';
}

/** Formats one domain error (code + human message) at `path`. */
export function formatDomainError(
  code: SimErrorCode,
  message: string,
  path: ReadonlyArray<string | number> | undefined,
  settings: ErrorFormatSettings,
): ErrorJson {
  const name = codeName(code, settings.errorCodeNaming);
  const base = path ? { path } : {};
  switch (settings.errorStyle) {
    case 'extensions-code':
      return { message: name, ...base, extensions: { code: name } };
    case 'message-prefix':
      return { message: `${name}: ${message}`, ...base, extensions: {} };
    case 'extensions-error-code':
      return { message, ...base, extensions: { errorCode: name } };
    case 'downstream-wrapped':
      return { message: `Downstream Execution Error: ${name}: ${message}`, ...base, extensions: {} };
  }
}

/** Formats an execution error (from a resolver). */
export function formatExecutionError(
  error: GraphQLError,
  settings: ErrorFormatSettings,
  path: ReadonlyArray<string | number> | undefined = error.path,
): ErrorJson {
  const code = domainCodeOf(error) ?? 'GENERIC_SYSTEM_ERROR';
  const message =
    code === 'GENERIC_SYSTEM_ERROR' && !domainCodeOf(error) ? 'Unexpected system error' : error.message;
  return formatDomainError(code, message, path, settings);
}

/** Formats a request error (syntax, validation, variable coercion): standard graphql-js shape. */
export function formatRequestError(error: GraphQLError): ErrorJson {
  const locations = error.locations?.map((l) => ({ line: l.line, column: l.column }));
  // Key order as documented: message, locations, extensions.
  return locations && locations.length > 0
    ? { message: error.message, locations, extensions: {} }
    : { message: error.message, extensions: {} };
}
