import { causeChain, viaCause } from './errors/cause-chain.ts';
import { redactSecrets } from './observability/redact.ts';

/** Where the process tried to listen, for naming the settings in a start-up failure. */
export interface ListenTarget {
  host: string;
  port: number;
}

/**
 * The one line printed when start-up fails. Errors an operator fixes through a setting name that
 * setting (a busy port names `PORT`, an address not on this machine names `HOST`); others keep their message
 * and add their causes' ({@link withCauses}).
 */
export function describeStartupError(error: unknown, target: ListenTarget): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return `PORT ${target.port} is already in use on HOST ${target.host} (EADDRINUSE): stop the process that holds it or set PORT to a free port`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `HOST ${target.host} is not an address of this machine (EADDRNOTAVAIL): set HOST to a local address such as 127.0.0.1 or 0.0.0.0`;
  }
  if (code === 'EACCES') {
    return `PORT ${target.port} needs privileges this process lacks (EACCES): set PORT to 1024 or above`;
  }
  return withCauses(error);
}

/**
 * The error's message followed by its causes' (`(cause: …)`), secrets redacted. A client-facing error
 * (e.g. UPSTREAM_AUTH_FAILED) says only the catalog text; the operator reading a start-up failure needs
 * the internal reason it carries, such as the auth endpoint's HTTP status.
 */
export function withCauses(error: unknown): string {
  if (!(error instanceof Error)) return redactSecrets(String(error));
  const [first, ...causes] = [...causeChain(error, viaCause)].map((link) => link.message);
  const suffix = causes.map((message) => ` (cause: ${message})`).join('');
  return redactSecrets(`${first}${suffix}`);
}
