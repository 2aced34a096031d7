import type { Plugin } from 'graphql-yoga';
import { parseMultipartStrictly } from '../uploads/parse-multipart.ts';

const isMultipart = (request: Request) =>
  request.method === 'POST' &&
  (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';

/**
 * Replaces Yoga's multipart parser with {@link parseMultipartStrictly}: a `map` entry without its
 * file part, or a text part where a file belongs, is a 400 before anything runs (Yoga's parser
 * would put `null` there, and `spaceUpdate` would remove the Space's logo).
 */
export function useStrictMultipart(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (isMultipart(request)) setRequestParser(parseMultipartStrictly);
    },
  };
}
