import type { Plugin } from 'graphql-yoga';
import { subgraphError } from '../errors/subgraph-error.ts';

/**
 * graphql-js parses and validates recursively. The token limit keeps documents far from the stack
 * limit, but a deeply nested document must still be the client's error (GRAPHQL_PARSE_FAILED /
 * GRAPHQL_VALIDATION_FAILED, HTTP 400) and not an INTERNAL_SERVER_ERROR with a stack in the logs,
 * whatever the limits are configured to. Register it after the plugins that replace the parser.
 */
export function useStackOverflowGuard(): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, options);
        } catch (error) {
          if (error instanceof RangeError) throw tooDeep('GRAPHQL_PARSE_FAILED');
          throw error;
        }
      });
    },
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((...args) => {
        try {
          return validateFn(...args);
        } catch (error) {
          if (error instanceof RangeError) return [tooDeep('GRAPHQL_VALIDATION_FAILED')];
          throw error;
        }
      });
    },
  };
}

function tooDeep(code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED') {
  const error = subgraphError(code, { message: 'The document is nested too deeply to be processed.' });
  Object.assign(error.extensions, { http: { status: 400 } });
  return error;
}
