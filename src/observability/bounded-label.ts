/** Label value used once the distinct-value limit is reached. */
export const OTHER_LABEL = '__other';
/** Label value of an operation without a name. */
export const ANONYMOUS_LABEL = '__anonymous';

/** A GraphQL name of reasonable length; anything else is client noise, not a label. */
const LABEL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** Maps client-chosen names (operation names) onto a bounded set of metric label values. */
export interface BoundedLabel {
  /** The label value for `name`: itself while fewer than `limit` distinct names were seen, else `__other`. */
  of(name: string | null | undefined): string;
  /** Distinct names admitted so far (never more than the limit). */
  size(): number;
}

/**
 * The first `limit` distinct valid names keep their own label value; later ones, and names that are not
 * GraphQL names of at most 64 characters, share `__other`. Memory and series count stay bounded whatever
 * clients send (a gateway usually sends a few dozen operation names).
 */
export function createBoundedLabel(limit: number): BoundedLabel {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new TypeError(`createBoundedLabel: limit must be an integer >= 0, received ${String(limit)}`);
  }
  const admitted = new Set<string>();
  return {
    of(name) {
      if (name === null || name === undefined || name === '') return ANONYMOUS_LABEL;
      if (admitted.has(name)) return name;
      if (!LABEL_NAME.test(name) || admitted.size >= limit) return OTHER_LABEL;
      admitted.add(name);
      return name;
    },
    size: () => admitted.size,
  };
}
