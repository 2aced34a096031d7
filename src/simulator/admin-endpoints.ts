/** Test-control endpoints: `/__sim/faults`, `/__sim/stats`, `/__sim/reset`, plus `/logos/:id`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultConfig } from './fault-config.ts';
import { readBody, sendError, sendJson, sendTooLarge } from './http-io.ts';
import type { SimRuntime } from './runtime.ts';

const FAULTS_BODY_LIMIT = 64 * 1024;

/** `POST /__sim/faults`: the JSON body replaces the fault config. */
export async function handleSetFaults(
  req: IncomingMessage,
  res: ServerResponse,
  rt: SimRuntime,
): Promise<void> {
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/json')) {
    sendError(res, 415, 'Content-Type must be application/json');
    return;
  }
  const read = await readBody(req, FAULTS_BODY_LIMIT);
  if (!read.ok) {
    if (read.reason === 'too-large') sendTooLarge(res, FAULTS_BODY_LIMIT);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(read.body.toString('utf8'));
  } catch {
    sendError(res, 400, 'Malformed JSON body');
    return;
  }
  const parsed = parseFaultConfig(value);
  if (!parsed.ok) {
    sendError(res, 400, parsed.error);
    return;
  }
  rt.faults.set(parsed.value);
  sendJson(res, 200, { faults: parsed.value });
}

/** `GET /logos/:id`: the stored bytes with their content type. */
export function handleLogo(res: ServerResponse, rt: SimRuntime, id: string): void {
  const logo = rt.state.logos.get(id);
  if (!logo) {
    sendError(res, 404, `No logo ${id}`);
    return;
  }
  if (rt.faults.config.themeStoreDown) {
    sendError(res, 503, 'The logo store is unavailable');
    return;
  }
  res.writeHead(200, {
    'content-type': logo.contentType,
    'content-length': logo.bytes.length,
    'cache-control': 'no-store',
    // An uploaded SVG must not run scripts when opened directly.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  });
  res.end(Buffer.from(logo.bytes));
}
