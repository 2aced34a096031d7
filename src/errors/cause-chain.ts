/** How to step from one error to the next in a chain. */
export type NextLink = (error: Error) => unknown;

/** Follows the standard `Error.cause` (Node's fetch puts socket errors there). */
export const viaCause: NextLink = (error) => error.cause;

/**
 * Follows graphql-js's `originalError`: how graphql-js and delegation wrap what a resolver threw.
 * Plain errors have none, so the chain ends at them.
 */
export const viaOriginalError: NextLink = (error) => (error as { originalError?: unknown }).originalError;

/** Chains are walked this deep at most: a cycle or a hostile chain must not loop. */
export const MAX_CHAIN_DEPTH = 10;

/**
 * The error itself, then each link `next` leads to, while the links are Errors, at most `maxDepth`
 * of them. The one walker every module uses, so that depth limits and cycle safety live in one place.
 */
export function* causeChain(error: unknown, next: NextLink, maxDepth = MAX_CHAIN_DEPTH): Generator<Error> {
  let current: unknown = error;
  for (let depth = 0; depth < maxDepth && current instanceof Error; depth++) {
    yield current;
    current = next(current);
  }
}

/**
 * The first string `code` (ECONNREFUSED, UND_ERR_SOCKET…) along the `Error.cause` chain that `accept`
 * takes: Node's fetch wraps the socket error that names the failure.
 */
export function causeCode(
  error: unknown,
  accept: (code: string) => boolean = () => true,
): string | undefined {
  for (const link of causeChain(error, viaCause)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && accept(code)) return code;
  }
  return undefined;
}
