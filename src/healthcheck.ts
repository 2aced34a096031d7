/**
 * The container's HEALTHCHECK: `node dist/healthcheck.js` asks this process's own /health on the address
 * the server listens on (HOST and PORT resolved exactly as the server resolves them) and exits 0 or 1.
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.ts';

/** How long the probe waits for /health. */
const PROBE_TIMEOUT_MS = 2000;

/** The /health URL for a server listening on `host:port`; a wildcard address is probed on loopback. */
export function healthUrl(host: string, port: number): string {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}/health`;
  if (host === '::') return `http://[::1]:${port}/health`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`;
}

/** Resolves 0 when /health answers 2xx within the timeout, 1 otherwise (never throws). */
export async function probeHealth(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<0 | 1> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? 0 : 1;
  } catch {
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { host, port } = loadConfig();
  process.exit(await probeHealth(healthUrl(host, port)));
}
