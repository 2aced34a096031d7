import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metricsAllowed, metricsRefusal } from '../plugins/use-metrics-protection.ts';

export interface MetricsServerOptions {
  registry: Registry;
  port: number;
  host: string;
  /** Bearer token required here too, when set. @default undefined */
  token?: string | undefined;
}

/** `/metrics` on a port of its own (`METRICS_PORT`), e.g. reachable only from the cluster's Prometheus. */
export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the metrics listener; it answers `GET /metrics` and 404 for everything else. */
export function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    if (!metricsAllowed(req.headers.authorization ?? null, options.token)) {
      const refusal = metricsRefusal();
      void refusal.text().then((body) => {
        res.writeHead(refusal.status, Object.fromEntries(refusal.headers)).end(body);
      });
      return;
    }
    options.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
      resolve({
        url: `http://${shownHost}:${port}/metrics`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
