/**
 * Validation rules run as one rule whose visitor dispatches each node only to the rules that handle
 * its kind. graphql-js's `validate` merges its rules with `visitInParallel`, which builds, for every
 * document, a handler for each of the ~45 AST kinds by asking each of the ~30 rule visitors for its
 * handlers of that kind (some 1,300 look-ups, and an object each time a handler is a function):
 * about half of the time validation takes for a small document (docs/performance.md). Our merge
 * reads each visitor's own keys once instead. The order in which rules see a node, and the meaning
 * of a handler's result — `false` skips the node's subtree for that rule, `BREAK` stops that rule,
 * any other value is an edit returned at once — are graphql-js's, so the errors are the same, in
 * the same order (test/unit/validation/parallel-rules.test.ts checks it against graphql-js).
 * Everything else (the context, the error limit, TypeInfo, which keys are visited) is still
 * graphql-js's `validate`: it runs this one rule.
 */
import { type ASTNode, type ASTVisitor, BREAK, Kind, type ValidationRule } from 'graphql';

type Handler = (this: ASTVisitor, ...args: unknown[]) => unknown;

interface KindHandlers {
  /** Indexes of the visitors with a handler for the kind, ascending. */
  visitors: number[];
  enter: Array<Handler | undefined>;
  leave: Array<Handler | undefined>;
}

const KINDS: ReadonlySet<string> = new Set(Object.values(Kind));

/**
 * The kinds a visitor may handle: every kind when it has a generic `enter`/`leave`; else the kind
 * keys of a plain object, or of a class instance (graphql-armor's rules are) its own properties and
 * those of its prototypes, which are read once per prototype.
 */
function kindsOf(visitor: ASTVisitor): Iterable<string> {
  if ('enter' in visitor || 'leave' in visitor) return KINDS;
  const prototype = Object.getPrototypeOf(visitor) as object | null;
  const kinds: string[] = [];
  if (prototype === Object.prototype || prototype === null) {
    for (const key in visitor) if (KINDS.has(key)) kinds.push(key);
    return kinds;
  }
  const inherited = kindsOnPrototypes(prototype);
  for (const key of Object.getOwnPropertyNames(visitor)) {
    if (KINDS.has(key) && !inherited.includes(key)) kinds.push(key);
  }
  return kinds.length === 0 ? inherited : [...inherited, ...kinds];
}

const prototypeKinds = new WeakMap<object, readonly string[]>();

/** The kind names a prototype chain defines (methods, accessors, values), below Object.prototype. */
function kindsOnPrototypes(prototype: object): readonly string[] {
  let kinds = prototypeKinds.get(prototype);
  if (kinds) return kinds;
  const found = new Set<string>();
  for (
    let at: object | null = prototype;
    at !== null && at !== Object.prototype;
    at = Object.getPrototypeOf(at)
  ) {
    for (const name of Object.getOwnPropertyNames(at)) if (KINDS.has(name)) found.add(name);
  }
  kinds = [...found];
  prototypeKinds.set(prototype, kinds);
  return kinds;
}

/**
 * Each kind's handlers, as graphql-js's `getEnterLeaveForKind` reads them (a function is `enter`, an
 * object holds `enter`/`leave`, else the visitor's generic `enter`/`leave`), without the object it
 * allocates per look-up.
 */
function handlersByKind(visitors: readonly ASTVisitor[]): Map<string, KindHandlers> {
  const byKind = new Map<string, KindHandlers>();
  for (let index = 0; index < visitors.length; index++) {
    const visitor = visitors[index] as Record<string, unknown> & { enter?: Handler; leave?: Handler };
    for (const kind of kindsOf(visitor)) {
      const own = visitor[kind] as Handler | { enter?: Handler; leave?: Handler } | null | undefined;
      let enter: Handler | undefined;
      let leave: Handler | undefined;
      if (typeof own === 'function') enter = own;
      else if (typeof own === 'object' && own !== null) ({ enter, leave } = own);
      else ({ enter, leave } = visitor);
      if (enter == null && leave == null) continue;
      let handlers = byKind.get(kind);
      if (!handlers) {
        handlers = { visitors: [], enter: [], leave: [] };
        byKind.set(kind, handlers);
      }
      handlers.visitors.push(index);
      handlers.enter.push(enter ?? undefined);
      handlers.leave.push(leave ?? undefined);
    }
  }
  return byKind;
}

/** One visitor that runs `visitors` in parallel, with graphql-js's `visitInParallel` semantics. */
export function parallelVisitor(visitors: readonly ASTVisitor[]): ASTVisitor {
  // Per visitor: null (visiting), the node whose subtree it skips, or BREAK (done).
  const skipping: Array<ASTNode | typeof BREAK | null> = new Array(visitors.length).fill(null);
  type Merged = (node: ASTNode, key: unknown, parent: unknown, path: unknown, ancestors: unknown) => unknown;
  const merged: Record<string, { enter: Merged; leave: Merged }> = {};
  for (const [kind, handlers] of handlersByKind(visitors)) {
    merged[kind] = {
      // graphql-js's `visit` calls handlers with these five arguments (no rest array to allocate).
      enter(node: ASTNode, key: unknown, parent: unknown, path: unknown, ancestors: unknown) {
        for (let j = 0; j < handlers.visitors.length; j++) {
          const i = handlers.visitors[j]!;
          if (skipping[i] !== null) continue;
          const result = handlers.enter[j]?.call(visitors[i]!, node, key, parent, path, ancestors);
          if (result === false) skipping[i] = node;
          else if (result === BREAK) skipping[i] = BREAK;
          else if (result !== undefined) return result;
        }
        return undefined;
      },
      leave(node: ASTNode, key: unknown, parent: unknown, path: unknown, ancestors: unknown) {
        for (let j = 0; j < handlers.visitors.length; j++) {
          const i = handlers.visitors[j]!;
          if (skipping[i] === null) {
            const result = handlers.leave[j]?.call(visitors[i]!, node, key, parent, path, ancestors);
            if (result === BREAK) skipping[i] = BREAK;
            else if (result !== undefined && result !== false) return result;
          } else if (skipping[i] === node) skipping[i] = null;
        }
        return undefined;
      },
    };
  }
  return merged as ASTVisitor;
}

let last: { rules: readonly ValidationRule[]; merged: ValidationRule } | undefined;

/**
 * `rules` as one rule (see the module's comment). The merged rule is kept for the last list of
 * rules seen: envelop hands a fresh array with the same rules to every validation.
 */
export function rulesInParallel(rules: readonly ValidationRule[]): ValidationRule {
  if (last && last.rules.length === rules.length && last.rules.every((rule, i) => rule === rules[i])) {
    return last.merged;
  }
  const own = [...rules];
  const merged: ValidationRule = (context) => parallelVisitor(own.map((rule) => rule(context)));
  last = { rules: own, merged };
  return merged;
}
