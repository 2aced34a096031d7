import { createGraphQLError } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';

/** Only one non-negative integer is a Content-Length (a comma-joined pair is a smuggling attempt). */
const CONTENT_LENGTH = /^\d+$/;

function tooLarge() {
  return createGraphQLError('Request body too large.', {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/**
 * MAX_REQUEST_BYTES, in place of Yoga's `maxRequestBodySize` (ADR 0093). A body with a valid
 * Content-Length above the limit is refused (413) before it is read; one without (chunked) is
 * counted as it is read and refused when it passes the limit. Yoga's plugin also pipes every body
 * that declares an acceptable length through a counting stream — a few percent of the CPU of a
 * small request — while Node's HTTP parser already delivers exactly Content-Length bytes of body
 * (more would be the next request on the connection; a request with both Content-Length and
 * Transfer-Encoding is refused by the parser). Register it after every plugin that sets a request
 * parser, so it wraps the one chosen.
 */
export function useRequestBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength != null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(contentLength) > maxBytes) throw tooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => parse(counted(req, maxBytes, fetchAPI)));
    },
  };
}

type FetchAPI = Parameters<NonNullable<Plugin['onRequestParse']>>[0]['fetchAPI'];

/** The request with its body counted as it is read: an error past `maxBytes`. */
function counted(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  let read = 0;
  // A native ReadableStream needs the native TransformStream (the ponyfill's does not pipe into it).
  const Transform =
    request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const body = (request.body as ReadableStream<Uint8Array>).pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}
