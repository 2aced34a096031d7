# syntax=docker/dockerfile:1
# spaces-subgraph: compiled with tsc, run as `node dist/main.js` on Node 24 LTS, as the unprivileged `node`
# user, under tini (PID 1 forwards SIGTERM and reaps; main.ts drains requests on SIGTERM).
#   docker build -t spaces-subgraph .
#   docker run --rm -p 4000:4000 -e BOOMI_ACCOUNT_ID=… -e BOOMI_USERNAME=… -e BOOMI_API_TOKEN=… spaces-subgraph

# ── build: all dependencies, tsc → dist/ ──────────────────────────────────────────────────────────────
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ── production dependencies only ─────────────────────────────────────────────────────────────────────
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ── runtime ──────────────────────────────────────────────────────────────────────────────────────────
FROM node:24-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# The heap is capped below the Deployment's memory limit (deploy/k8s: 384Mi): V8 sizes its heap from the
# memory it sees and, with room to spare, defers major collections until RSS is far above the live set
# (docs/performance.md, "Memory"). Override NODE_OPTIONS with the limit when changing it.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=256" \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The upstream schema snapshot, found from the package root (src/package-paths.ts).
COPY schema ./schema
USER node
EXPOSE 4000
# /health answers while the process is alive (orchestrators should route traffic on /ready). The probe
# resolves HOST and PORT as the server does, so a HOST other than 0.0.0.0 is probed where it listens.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s CMD ["node", "dist/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
