import { createGraphQLError } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';
import { ERROR_CATALOG } from '../errors/catalog.ts';

/** What we accept on POST (Yoga's parsers); anything else is refused with 415. */
const ACCEPTED_TYPES = 'application/json, multipart/form-data (uploads), application/graphql+json';

/**
 * Malformed HTTP requests become 4xx GraphQL errors with a code, never INTERNAL_SERVER_ERROR nor
 * an empty body:
 * - a POST with no or an unknown content type: 415 BAD_REQUEST naming what is accepted (Yoga
 *   answers an empty 415);
 * - `variables` or `extensions` that are not JSON in a GET query string or a form body: 400
 *   BAD_REQUEST (Yoga lets JSON.parse's SyntaxError through, which would be masked as a bug);
 * - any other 4xx without a body (unknown paths): a GraphQL error body with the status kept.
 */
export function useRequestErrors(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (!requestParser) {
        if (request.method !== 'POST') return;
        const type = request.headers.get('content-type');
        throw badRequest(
          415,
          `Unsupported content type ${type ? JSON.stringify(type.slice(0, 100)) : '(none)'}: send ${ACCEPTED_TYPES}.`,
        );
      }
      const parse = requestParser;
      setRequestParser(async (req) => {
        try {
          return await parse(req);
        } catch (error) {
          // Only JSON.parse throws a bare SyntaxError here; Yoga's own failures are GraphQLErrors.
          if (error instanceof SyntaxError) {
            throw badRequest(400, 'The "variables" or "extensions" parameter is not valid JSON.');
          }
          throw error;
        }
      });
    },
    onResponse({ response, setResponse, fetchAPI }) {
      if (response.status < 400 || response.status >= 500 || response.body !== null) return;
      const message =
        response.status === 404 ? 'Not found: the GraphQL endpoint is /graphql.' : response.statusText;
      const { category, retryable } = ERROR_CATALOG.BAD_REQUEST;
      const body = {
        errors: [
          { message: message || 'Bad request.', extensions: { code: 'BAD_REQUEST', category, retryable } },
        ],
      };
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      setResponse(new fetchAPI.Response(JSON.stringify(body), { status: response.status, headers }));
    },
  };
}

function badRequest(status: number, message: string) {
  return createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status } } });
}
