/**
 * Domain error codes of the Spaces service (docs/contract.md §5) and how resolvers raise them.
 * Codes are kept in their help-page ("legacy") spelling internally; the formatter renames them when
 * the simulator runs with `errorCodeNaming: 'current'`.
 */
import { GraphQLError } from 'graphql';

/** Every code the simulator can produce, legacy spelling. */
export type SimErrorCode =
  | 'MISSING_SPACE_NAME'
  | 'MISSING_ACCT_GRP_ID'
  | 'INVALID_SPACE_NAME'
  | 'SPACE_EXISTS_FOR_ACCT_GRP'
  | 'MISSING_OP_USER_ID'
  | 'MISSING_OP_ACCT_ID'
  | 'UNSUPPORTED_SHARING_MODE'
  | 'MISSING_SPACE_ID'
  | 'SPACE_NOT_FOUND'
  | 'GENERIC_SYSTEM_ERROR'
  | 'SPACE_IS_DELETED'
  | 'ACCOUNT_INPUT_MISSING_FIELDS'
  | 'INVALID_AUTH_METHOD'
  | 'PLATFORM_CALL_ERROR'
  | 'UNAUTHORIZED'
  | 'ARTIFACT_NOT_IN_SPACE'
  | 'IPACK_INSTANCE_ID_INVALID'
  | 'IPACK_NOT_FOUND_IN_SPACE'
  | 'SPACE_NAME_IS_LENGTHY'
  | 'SPACE_LOGO_UPLOAD_ERROR'
  | 'SPACE_LOGO_DELETE_ERROR'
  | 'SPACE_LOGO_GET_ERROR'
  | 'SPACE_THEME_DELETE_ERROR'
  | 'MAX_SPACE_COUNT_REACHED'
  | 'INVALID_OR_PAST_DATE'
  | 'ARTIFACT_DELETE_ERROR';

/** Legacy (help page) → current (`SpaceErrorCode`) names; codes not listed are spelled the same. */
export const CURRENT_CODE_NAMES: Readonly<Partial<Record<SimErrorCode, string>>> = Object.freeze({
  MISSING_SPACE_NAME: 'MISSING_NAME',
  INVALID_SPACE_NAME: 'INVALID_NAME',
  MISSING_SPACE_ID: 'MISSING_ID',
  SPACE_NAME_IS_LENGTHY: 'NAME_IS_LENGTHY',
  SPACE_LOGO_UPLOAD_ERROR: 'LOGO_UPLOAD_ERROR',
  SPACE_LOGO_DELETE_ERROR: 'LOGO_DELETE_ERROR',
  SPACE_LOGO_GET_ERROR: 'LOGO_GET_ERROR',
  SPACE_THEME_DELETE_ERROR: 'THEME_DELETE_ERROR',
});

/** The code as spelled under the given naming. */
export function codeName(code: SimErrorCode, naming: 'legacy' | 'current'): string {
  return naming === 'current' ? (CURRENT_CODE_NAMES[code] ?? code) : code;
}

const DOMAIN = Symbol.for('boomi-simulator.domain-error');

/** An Error carrying a domain code; graphql-js wraps it as `originalError`. */
export interface DomainError extends Error {
  [DOMAIN]: SimErrorCode;
}

/** Creates the error a resolver throws for a documented failure. */
export function domainError(code: SimErrorCode, message: string): DomainError {
  return Object.assign(new Error(message), { [DOMAIN]: code }) as DomainError;
}

/** The domain code of an error (or of the error it wraps), if any. */
export function domainCodeOf(error: unknown): SimErrorCode | undefined {
  if (error instanceof GraphQLError && error.originalError) return domainCodeOf(error.originalError);
  if (error instanceof Error && DOMAIN in error) return (error as DomainError)[DOMAIN];
  return undefined;
}
