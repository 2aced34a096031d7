/** The node:http server and its routing table. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleLogo, handleSetFaults } from './admin-endpoints.ts';
import { handleAuth } from './auth-endpoint.ts';
import { handleGraphql } from './graphql-endpoint.ts';
import { sendError, sendJson } from './http-io.ts';
import type { SimRuntime } from './runtime.ts';

/** Control hooks the router needs from the owning simulator. */
export interface ServerHooks {
  reset(): void;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  rt: SimRuntime,
  hooks: ServerHooks,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const allow = (methods: string) => sendError(res, 405, `Method ${method} not allowed`, { allow: methods });

  if (path === '/graphql') {
    // Only POST is served (documented: every query and mutation is a POST).
    if (method !== 'POST') return allow('POST');
    return handleGraphql(req, res, rt);
  }
  const auth = /^\/auth\/jwt\/generate\/([^/]+)\/?$/.exec(path);
  if (auth?.[1]) {
    if (method !== 'GET') return allow('GET');
    return handleAuth(req, res, rt, decodeURIComponent(auth[1]));
  }
  if (path === '/auth/jwt/generate' || path === '/auth/jwt/generate/') {
    return sendError(res, 404, 'The account id is missing: /auth/jwt/generate/<accountId>');
  }
  const logo = /^\/logos\/([^/]+)$/.exec(path);
  if (logo?.[1]) {
    if (method !== 'GET' && method !== 'HEAD') return allow('GET');
    return handleLogo(res, rt, decodeURIComponent(logo[1]));
  }
  switch (path) {
    case '/health':
      if (method !== 'GET' && method !== 'HEAD') return allow('GET');
      return sendJson(res, 200, { status: 'ok' });
    case '/__sim/faults':
      if (method === 'GET') return sendJson(res, 200, { faults: rt.faults.config });
      if (method === 'POST') return handleSetFaults(req, res, rt);
      return allow('GET, POST');
    case '/__sim/stats':
      if (method !== 'GET') return allow('GET');
      return sendJson(res, 200, rt.stats.snapshot());
    case '/__sim/reset':
      if (method !== 'POST') return allow('POST');
      hooks.reset();
      return sendJson(res, 200, { reset: true });
    default:
      return sendError(res, 404, `No route for ${method} ${path}`);
  }
}

/** Creates the HTTP server; any unexpected exception becomes a 500 JSON answer, never a crash. */
export function createSimulatorServer(rt: SimRuntime, hooks: ServerHooks): Server {
  const server = createServer((req, res) => {
    route(req, res, rt, hooks).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'Internal simulator error');
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) {
      const body = JSON.stringify({ error: 'Bad Request', message: 'Malformed HTTP request' });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });
  return server;
}
