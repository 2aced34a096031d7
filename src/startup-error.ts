/** Where the process tried to listen, for naming the settings in a start-up failure. */
export interface ListenTarget {
  host: string;
  port: number;
}

/**
 * The one line printed when start-up fails. Errors an operator fixes through a setting name that
 * setting (a busy port names `PORT`, an address not on this machine names `HOST`); others keep their message.
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
  return error instanceof Error ? error.message : String(error);
}
