/**
 * `GET /auth/jwt/generate/:accountId` with HTTP Basic auth. Bodies never contain the submitted
 * secrets: only fixed messages and the account id from the path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, parseBasicAuth } from './credentials.ts';
import { abortableDelay, sendError, sendJson } from './http-io.ts';
import { mintJwt } from './jwt.ts';
import type { SimRuntime } from './runtime.ts';

/** Handles one JWT mint request. */
export async function handleAuth(
  req: IncomingMessage,
  res: ServerResponse,
  rt: SimRuntime,
  accountId: string,
): Promise<void> {
  const { faults, stats, options } = rt;
  const latency = faults.config.authLatencyMs ?? 0;
  if (latency > 0) {
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    stats.countFault('authLatency');
    if (!(await abortableDelay(latency, gone.signal))) return;
  }
  if (faults.authFails()) {
    stats.countFault(faults.config.authDown ? 'authDown' : 'authFail');
    sendError(res, 503, 'The authentication service is temporarily unavailable');
    return;
  }
  const unauthorized = (message: string) => {
    stats.data.authFailures++;
    sendError(res, 401, message, { 'www-authenticate': 'Basic realm="Boomi Platform"' });
  };
  const credentials = parseBasicAuth(req.headers.authorization);
  if (!credentials) {
    unauthorized('Basic authentication is required (BOOMI_TOKEN.<username> : <API token>)');
    return;
  }
  const user = authenticate(options.users, credentials);
  if (!user) {
    unauthorized('Invalid credentials');
    return;
  }
  if (!rt.state.accounts.has(accountId) && !options.users.some((u) => u.accountIds.includes(accountId))) {
    stats.data.authFailures++;
    sendError(res, 403, `Unknown account ${accountId}`);
    return;
  }
  if (!user.accountIds.includes(accountId)) {
    stats.data.authFailures++;
    sendError(res, 403, `The user is not allowed to access account ${accountId}`);
    return;
  }
  const token = await mintJwt(
    options.jwtKey,
    { username: user.username, userId: user.userId, accountId },
    options.jwtLifetimeSeconds,
  );
  stats.data.jwtMints++;
  stats.data.jwtMintsByAccount[accountId] = (stats.data.jwtMintsByAccount[accountId] ?? 0) + 1;
  if (options.jwtBodyFormat === 'json') {
    sendJson(res, 200, { token }, { 'cache-control': 'no-store' });
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(token),
    'cache-control': 'no-store',
  });
  res.end(token);
}
