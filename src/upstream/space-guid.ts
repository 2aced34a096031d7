/**
 * The space guid a request carries to the upstream executor: its input contract. The subgraph's
 * space-guid transform puts a validated guid in `request.extensions.spaceGuid`; the executor sends it
 * as the `SPACE_GUID` header. A client value becomes that header, so it is checked before any upstream
 * call (issue #8 failure mode 8): a value the HTTP client would refuse to send must never reach it,
 * where it would count as a transport failure, be retried and open the breaker for every caller.
 */
import type { ExecutionRequest } from '@graphql-tools/utils';

/** Key under which the guid travels from the transform to the executor, in `request.extensions`. */
export const SPACE_GUID_EXTENSION = 'spaceGuid';

/** The HTTP header the upstream reads the guid from (CONTRACT.md §8). */
export const SPACE_GUID_HEADER = 'SPACE_GUID';

/** Longest guid accepted. Boomi's guids are UUIDs (36 characters); this leaves room for other forms. */
export const MAX_SPACE_GUID_LENGTH = 128;

/** The space guid a request must be sent with, if any. */
export function spaceGuidOf(request: ExecutionRequest): string | undefined {
  const value = request.extensions?.[SPACE_GUID_EXTENSION];
  return typeof value === 'string' ? value : undefined;
}

/** `request` with `guid` as its space guid. */
export function withSpaceGuid(request: ExecutionRequest, guid: string): ExecutionRequest {
  return { ...request, extensions: { ...request.extensions, [SPACE_GUID_EXTENSION]: guid } };
}

/**
 * Why `value` cannot be a space guid, or `undefined` when it can. A guid is 1 to
 * {@link MAX_SPACE_GUID_LENGTH} visible ASCII characters (U+0021..U+007E): no control character (CR, LF
 * and NUL would split or truncate the header), no space (trimmed by HTTP), nothing beyond ASCII (not
 * sendable in a header, or sent as different bytes).
 */
export function spaceGuidProblem(value: string): string | undefined {
  if (value.length === 0) return 'spaceGuid must not be empty.';
  if (value.length > MAX_SPACE_GUID_LENGTH) {
    return `spaceGuid must be at most ${MAX_SPACE_GUID_LENGTH} characters (received ${value.length}).`;
  }
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      const shown = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      return `spaceGuid contains ${shown} at position ${i}: a Space guid is made of visible ASCII characters only (it is sent as the SPACE_GUID header).`;
    }
  }
  return undefined;
}
