import type { CORSOptions } from 'graphql-yoga';

/**
 * Yoga's `cors` option for an allow-list: a listed `Origin` is answered with itself and credentials; any
 * other origin (and every origin when the list is empty) gets no CORS header, so browsers keep
 * cross-origin pages from reading answers. Yoga's own default would reflect every origin, with credentials.
 */
export function corsPolicy(allowedOrigins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(allowedOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      // Two entries make Yoga echo the request's origin and add `Vary: Origin` (caches key on it).
      origin: [origin, origin],
      credentials: true,
      methods: ['GET', 'POST'],
      maxAge: 600,
    };
  };
}
