import type { ReadinessSnapshot } from './readiness-monitor.ts';

/** What main.ts does with the first readiness verdict. */
export interface StartupVerdict {
  action: 'continue' | 'warn' | 'exit';
  message?: string;
}

/**
 * Refused credentials are a configuration mistake worth saying loudly: a warning, or with
 * `STRICT_STARTUP=true` an exit naming the variables. An unreachable endpoint may be transient (the
 * network comes up after the pod), so it is only a warning; `/ready` keeps telling the truth.
 */
export function startupVerdict(
  snapshot: ReadinessSnapshot,
  strict: boolean,
  /** The refused credentials, as the operator sets them. */
  credentials = 'BOOMI_API_TOKEN (with BOOMI_USERNAME, account BOOMI_ACCOUNT_ID)',
): StartupVerdict {
  switch (snapshot.state) {
    case 'ready':
    case 'starting':
      return { action: 'continue' };
    case 'credentials_refused':
      return {
        action: strict ? 'exit' : 'warn',
        message:
          `${snapshot.checks.auth.detail}. ${credentials} ` +
          `was refused by the Boomi auth endpoint${strict ? '; exiting because STRICT_STARTUP=true' : ''}.`,
      };
    case 'auth_unreachable':
      return {
        action: 'warn',
        message: `The Boomi auth endpoint (BOOMI_AUTH_URL) is not reachable at start-up: ${snapshot.checks.auth.detail}.`,
      };
    case 'graphql_unreachable':
      return {
        action: 'warn',
        message: `The Boomi GraphQL endpoint (BOOMI_GRAPHQL_URL) is not reachable at start-up: ${snapshot.checks.graphql.detail}.`,
      };
  }
}
