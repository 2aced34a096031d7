import { useCSRFPrevention as useYogaCsrfPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { CONFIG_DEFAULTS } from '../config.ts';
import { httpRefusal } from '../http/refusal.ts';

export interface CsrfPreventionOptions {
  /**
   * A GET, form, multipart or text/plain request must carry one of these headers (a browser cannot add
   * one cross-site without a CORS preflight). `application/json` POSTs need none: they are preflighted.
   * @default ['apollo-require-preflight', 'x-apollo-operation-name'] (Apollo Router's)
   */
  requestHeaders?: readonly string[];
}

/** The message of a CSRF refusal, naming the headers that would have let the request through. */
export function csrfMessage(headers: readonly string[]): string {
  return (
    'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). ' +
    `Send the body as application/json, or add one of these headers: ${headers.join(', ')}.`
  );
}

/**
 * CSRF prevention as Apollo Router ships it by default, by Yoga's own plugin; its refusal (a bare 403
 * without a code) becomes our `CSRF_ERROR` with HTTP 400, as Apollo Router answers.
 */
export function useCsrfPrevention(options: CsrfPreventionOptions = {}): Plugin {
  const requestHeaders = [...(options.requestHeaders ?? CONFIG_DEFAULTS.security.csrfRequiredHeaders)];
  const inner = useYogaCsrfPrevention({ requestHeaders }) as Pick<Plugin, 'onRequestParse'>;
  const message = csrfMessage(requestHeaders);
  return {
    onRequestParse(payload) {
      try {
        return inner.onRequestParse?.(payload);
      } catch {
        throw httpRefusal('CSRF_ERROR', { status: 400, message });
      }
    },
  };
}
