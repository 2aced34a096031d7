import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What a drain did, for the shutdown log line. */
export interface DrainReport {
  /** Requests in flight when the drain started (all of them were answered unless `forcedSockets > 0`). */
  inFlightAtStart: number;
  /** Sockets still open at the end of the grace period, destroyed. */
  forcedSockets: number;
}

/** Tracks the connections and responses of one HTTP server so that it can be drained. */
export interface Drainer {
  /** Call for every request before handling it: during a drain, its answer carries `Connection: close`. */
  track(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Stops accepting connections once the connections and requests already in the kernel's queues are
   * read, lets every request in flight finish (their answers close their connections), closes idle
   * keep-alive connections, and destroys what is left when `graceMs` runs out.
   */
  drain(graceMs: number): Promise<DrainReport>;
}

/** Event-loop turns the settle phase waits at least, and at most. */
const MIN_SETTLE_TURNS = 3;
const MAX_SETTLE_TURNS = 50;

/**
 * Creates the drainer of `server`. Why not just `server.close()`: Node's `close()` first destroys every
 * connection it considers idle, and a connection whose request bytes are in the kernel but not yet read
 * (a busy event loop, or a connection not yet accepted) is "idle": its client, which sent a complete
 * request, sees a reset (issue #8 failure mode 5; with a mutation it cannot know whether it ran).
 */
export function createDrainer(server: Server): Drainer {
  const sockets = new Set<Socket>();
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  // Counts connections and requests seen, so the settle phase knows when nothing new is arriving.
  let arrivals = 0;

  server.on('connection', (socket: Socket) => {
    arrivals++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const closeIdleSoon = () => setImmediate(() => server.closeIdleConnections());

  return {
    track(_request, response) {
      arrivals++;
      inFlight.add(response);
      if (draining) response.setHeader('connection', 'close');
      response.once('close', () => {
        inFlight.delete(response);
        // An answer whose headers went out before the drain kept its connection alive: close it now.
        if (draining) closeIdleSoon();
      });
    },
    async drain(graceMs) {
      draining = true;
      const inFlightAtStart = inFlight.size;
      for (const response of inFlight) {
        if (!response.headersSent) response.setHeader('connection', 'close');
      }
      await settle(() => arrivals);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      let forcedSockets = 0;
      const timer = setTimeout(() => {
        forcedSockets = sockets.size;
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      try {
        await closed;
      } finally {
        clearTimeout(timer);
      }
      return { inFlightAtStart, forcedSockets };
    },
  };
}

/**
 * Waits event-loop turns until a turn brings no new connection or request (at least
 * {@link MIN_SETTLE_TURNS}): libuv accepts the kernel's pending connections in one poll phase and reads
 * their first bytes in the next, so requests sent before the signal are parsed and count as in flight.
 */
async function settle(arrivals: () => number): Promise<void> {
  let seen = arrivals();
  for (let turn = 0; turn < MAX_SETTLE_TURNS; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = arrivals();
    if (turn + 1 >= MIN_SETTLE_TURNS && now === seen) return;
    seen = now;
  }
}
