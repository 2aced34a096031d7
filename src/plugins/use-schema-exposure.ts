import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface SchemaExposureOptions {
  /**
   * Answer introspection (`__schema`, `__type`) and keep "Did you mean …?" hints in error messages.
   * `_service { sdl }` answers either way: gateways compose from it.
   * @default false
   */
  introspection?: boolean;
}

/** "Did you mean …?" in graphql-js messages, of every form (fields, arguments, types, enum values). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Hides the schema from clients that are not meant to read it: introspection off (Yoga's plugin) and
 * field suggestions removed (graphql-armor's, for validation errors). Suggestions graphql-js also puts
 * into variable-coercion messages (enum values), which graphql-armor does not see, are removed from the
 * outgoing errors here.
 */
export function useSchemaExposure(options: SchemaExposureOptions = {}): Plugin {
  if (options.introspection === true) return {};
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(useDisableIntrospection() as unknown as Plugin);
      addPlugin(blockFieldSuggestionsPlugin({ mask: '' }) as Plugin);
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || typeof result !== 'object' || result === null) return;
      const errors = (result as { errors?: unknown }).errors;
      if (!Array.isArray(errors) || !errors.some(hasSuggestion)) return;
      setResult({ ...result, errors: errors.map(withoutSuggestion) } as typeof result);
    },
  };
}

function hasSuggestion(error: unknown): boolean {
  return error instanceof GraphQLError && error.message.includes('Did you mean ');
}

function withoutSuggestion(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const message = error.message.replace(SUGGESTION, '');
  if (message === error.message) return error;
  return new GraphQLError(message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: error.extensions,
  });
}
