/** Space name rules (the docs name the codes but not the limits; see docs/simulator.md). */
import { domainError } from './error-codes.ts';

/**
 * Allowed characters: letters and digits of any script, space, and `_ - . , ' ( ) &`.
 * Anything else (e.g. `<`, `>`, `/`, `"`, `;`, control characters, emoji) → INVALID_SPACE_NAME.
 */
export const SPACE_NAME_PATTERN = /^[\p{L}\p{N} _\-.,'()&]+$/u;

/** Validates a Space name: MISSING_SPACE_NAME, SPACE_NAME_IS_LENGTHY, INVALID_SPACE_NAME. */
export function validateSpaceName(name: unknown, maxLength: number): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw domainError('MISSING_SPACE_NAME', 'A Space name is required');
  }
  const length = [...name].length;
  if (length > maxLength) {
    throw domainError(
      'SPACE_NAME_IS_LENGTHY',
      `The Space name is ${length} characters long; the maximum is ${maxLength}`,
    );
  }
  if (!SPACE_NAME_PATTERN.test(name)) {
    throw domainError(
      'INVALID_SPACE_NAME',
      "The Space name may contain only letters, digits, spaces and _ - . , ' ( ) &",
    );
  }
  return name;
}
