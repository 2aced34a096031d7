import type { Plugin } from 'graphql-yoga';
import { rulesInParallel } from '../validation/parallel-rules.ts';

/**
 * Validates with graphql-js's `validate` and the same rules, merged into one rule by
 * src/validation/parallel-rules.ts: the same errors, without rebuilding a dispatch table over every
 * AST kind and rule for each new document (ADR 0092). Register it before the plugins that wrap the
 * validation function (the stack-overflow guard), so they wrap this one.
 */
export function useParallelValidation(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, typeInfo, options) =>
        validateFn(schema, document, rules ? [rulesInParallel(rules)] : rules, typeInfo, options),
      );
    },
  };
}
