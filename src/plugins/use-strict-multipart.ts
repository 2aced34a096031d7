import type { Plugin } from 'graphql-yoga';
import { isMultipartRequest } from '../uploads/multipart-request.ts';
import { parseMultipartStrictly } from '../uploads/parse-multipart.ts';

/**
 * Replaces Yoga's multipart parser with {@link parseMultipartStrictly}: a `map` entry without its
 * file part, or a text part where a file belongs, is a 400 before anything runs (Yoga's parser
 * would put `null` there, and `spaceUpdate` would remove the Space's logo).
 */
export function useStrictMultipart(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (isMultipartRequest(request)) setRequestParser(parseMultipartStrictly);
    },
  };
}
