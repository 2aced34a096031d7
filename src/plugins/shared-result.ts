import type { ExecutionResult } from 'graphql';
import { copyJson, copyResult } from '../upstream/dedup-layer.ts';

/**
 * What a shared execution hands each operation that joined it (use-operation-sharing.ts).
 *
 * A result with data only — the common case — is kept once, deeply frozen, and every joiner gets
 * `{ data }` over that same frozen tree with a `stringify` that Yoga's result processor calls in
 * place of `JSON.stringify`: the text is written once for all of them (100 `_entities` entities
 * copied and serialized per joiner were 6 % of a repeated request's CPU). Frozen, the data cannot
 * change under the text; a joiner's plugins that replace the result (`setResult`) or add errors or
 * extensions to it get the plain `JSON.stringify` of what they made. A result with errors or
 * extensions is copied for each joiner, as error normalization rewrites errors per request.
 */
export interface SharedResult {
  /** The result for one more joiner. */
  forJoiner(): ExecutionResult;
}

export function shareResult(result: ExecutionResult): SharedResult {
  if (!isDataOnly(result)) {
    const snapshot = copyResult(result);
    return { forJoiner: () => copyResult(snapshot) };
  }
  const data = copyJson(result.data, true) as NonNullable<ExecutionResult['data']> | null;
  let text: string | undefined;
  const stringify = (value: ExecutionResult): string => {
    if (value.data !== data || !isDataOnly(value)) return JSON.stringify(value);
    text ??= JSON.stringify({ data });
    return text;
  };
  return {
    forJoiner() {
      const own: ExecutionResult = { data };
      // Not enumerable: a plain JSON.stringify of the result, wherever it happens, leaves it out.
      Object.defineProperty(own, 'stringify', { value: stringify });
      return own;
    },
  };
}

/** Data and nothing else: no errors, no extensions, no other own key (`hasNext`, a label…). */
function isDataOnly(result: ExecutionResult): boolean {
  if (result.data === undefined || result.errors !== undefined || result.extensions !== undefined)
    return false;
  for (const name of Object.keys(result)) {
    if (name !== 'data' && name !== 'errors' && name !== 'extensions') return false;
  }
  return true;
}
