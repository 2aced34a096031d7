import { useHmacSignatureValidation } from '@graphql-mesh/hmac-upstream-signature';
import type { Plugin } from 'graphql-yoga';
import type { InboundAuthConfig } from '../config.ts';
import { bearerToken, secretsMatch } from '../http/constant-time.ts';
import {
  gatewayIdentity,
  type InboundIdentity,
  type InboundIdentityContext,
  identityFromClaims,
} from '../http/inbound-identity.ts';
import { createJwtVerifier, JwtRefusedError } from '../http/jwt-verifier.ts';
import { httpRefusal } from '../http/refusal.ts';
import { type MinimalLogger, silentLogger } from '../upstream/logger-types.ts';

/** The message of every inbound refusal: it says what is missing, never which check failed. */
export const INBOUND_UNAUTHENTICATED_MESSAGE =
  'Authentication required: this subgraph accepts requests from the organization gateway only.';

export type InboundAuthOptions = InboundAuthConfig & {
  /** Where refusals are logged (debug: a flood of them must not fill the logs). @default silent */
  logger?: MinimalLogger;
};

/**
 * Inbound authentication (`INBOUND_AUTH`). Refused requests get HTTP 401 with an `UNAUTHENTICATED`
 * GraphQL error before their body is parsed (HMAC: before it is executed) and reach nothing upstream.
 * The verified {@link InboundIdentity} is put on the context as `inboundIdentity`.
 * `/health`, `/ready` and `/metrics` are answered before this plugin runs.
 */
export function useInboundAuth(options: InboundAuthOptions): Plugin<InboundIdentityContext> {
  const logger = options.logger ?? silentLogger;
  const identities = new WeakMap<Request, InboundIdentity>();
  const refuse = (reason: string, headers?: Record<string, string>) => {
    logger.debug({ reason }, 'inbound request refused');
    return httpRefusal('UNAUTHENTICATED', {
      status: 401,
      message: INBOUND_UNAUTHENTICATED_MESSAGE,
      ...(headers ? { headers } : {}),
    });
  };
  const withIdentity: Plugin<InboundIdentityContext> = {
    onContextBuilding({ context, extendContext }) {
      const identity = identities.get(context.request);
      if (identity) extendContext({ inboundIdentity: identity });
    },
  };

  switch (options.method) {
    case 'none':
      return {};
    case 'shared-secret': {
      const { header, secret } = options;
      return {
        ...withIdentity,
        onRequestParse({ request }) {
          if (!secretsMatch(request.headers.get(header), secret)) throw refuse(`no valid ${header} header`);
          identities.set(request, gatewayIdentity('shared-secret'));
        },
      };
    }
    case 'jwt':
      return { ...withIdentity, onRequestParse: jwtCheck(options, identities, refuse, logger) };
    case 'hmac':
      return { ...withIdentity, ...hmacCheck(options, identities, refuse) };
  }
}

type Refuse = (reason: string, headers?: Record<string, string>) => Error;
type JwtOptions = Extract<InboundAuthConfig, { method: 'jwt' }>;

function jwtCheck(
  options: JwtOptions,
  identities: WeakMap<Request, InboundIdentity>,
  refuse: Refuse,
  logger: MinimalLogger,
): NonNullable<Plugin['onRequestParse']> {
  const verify = createJwtVerifier(options);
  const challenge = { 'www-authenticate': 'Bearer realm="spaces-subgraph"' };
  return async ({ request }) => {
    const token = bearerToken(request.headers.get('authorization'));
    if (token === undefined) throw refuse('no bearer token', challenge);
    try {
      identities.set(request, identityFromClaims(await verify(token)));
    } catch (error) {
      const refused = error instanceof JwtRefusedError ? error : new JwtRefusedError(String(error), true);
      // A JWKS outage refuses every caller: operators must hear of it, once per request is acceptable.
      if (refused.keySourceFailed) logger.warn({ reason: refused.reason }, 'inbound JWT key source failed');
      throw refuse(refused.reason, {
        'www-authenticate': 'Bearer realm="spaces-subgraph", error="invalid_token"',
      });
    }
  };
}

type HmacOptions = Extract<InboundAuthConfig, { method: 'hmac' }>;

/**
 * Hive Gateway's HMAC upstream signature, checked by its own validator; the validator throws plain
 * errors (which would be masked as INTERNAL_SERVER_ERROR), so its verdict is turned into our refusal.
 */
function hmacCheck(
  options: HmacOptions,
  identities: WeakMap<Request, InboundIdentity>,
  refuse: Refuse,
): Pick<Plugin, 'onYogaInit' | 'onParams'> {
  const validator = useHmacSignatureValidation({
    secret: options.secret,
    extensionName: options.extensionName,
  }) as unknown as Pick<Plugin, 'onYogaInit' | 'onParams'>;
  return {
    onYogaInit(payload) {
      validator.onYogaInit?.(payload);
    },
    async onParams(payload) {
      try {
        await validator.onParams?.(payload);
      } catch (error) {
        throw refuse(error instanceof Error ? (error.message.split(':')[0] ?? 'invalid') : 'invalid');
      }
      identities.set(payload.request, gatewayIdentity('hmac'));
    },
  };
}
