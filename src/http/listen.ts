import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDrainer, type DrainReport } from './drain.ts';
import { type HttpTimeouts, serverTimeoutOptions } from './server-timeouts.ts';

export interface ListenOptions {
  port: number;
  host: string;
  timeouts: HttpTimeouts;
}

/** A listening HTTP server. */
export interface HttpListener {
  server: Server;
  /** `http://<host>:<port>` (a wildcard host shown as 127.0.0.1). */
  origin: string;
  port: number;
  /** See {@link Drainer.drain}. */
  drain(graceMs: number): Promise<DrainReport>;
}

/** Serves `handler` on `host:port` with the inbound timeouts and drain tracking. */
export function listenHttp(handler: RequestListener, options: ListenOptions): Promise<HttpListener> {
  return new Promise((resolve, reject) => {
    const server = createServer(serverTimeoutOptions(options.timeouts), (request, response) => {
      drainer.track(request, response);
      handler(request, response);
    });
    const drainer = createDrainer(server);
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
      resolve({
        server,
        origin: `http://${shownHost}:${port}`,
        port,
        drain: (graceMs) => drainer.drain(graceMs),
      });
    });
  });
}
