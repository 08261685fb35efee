# syntax=docker/dockerfile:1
# One image for the API and the worker. The worker is the default command; the API service overrides it
# with `node dist/api/main.js`. Build: docker build -t akeneo-sync:0.1.0 . (the version in package.json).

# Node 24 (an LTS line with security fixes; the code also runs on Node 20.19+ and 22, for development).
# Pinned by the digest of its multi-platform index (amd64, arm64), so a rebuild gets the same base:
# docker-library/repo-info records this digest for node:24.21.0-bookworm-slim. scripts/pin-image-digests.sh
# writes the current one (after a Node or Debian security release, say).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553

# --- build: compile TypeScript and prebuild the workflow bundle ------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/build-workflow-bundle.ts ./scripts/
# tsc to dist/, then webpack the workflows once, next to dist/worker.js, so the worker does not bundle
# at every start.
RUN npm run build \
 && node -r ts-node/register/transpile-only scripts/build-workflow-bundle.ts dist/workflow-bundle.js

# --- deps: production dependencies only (the Temporal core bridge ships prebuilt binaries) ---------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
# tini as PID 1: forwards SIGTERM to node (graceful shutdown) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
# API port, worker Prometheus port.
EXPOSE 3000 9464
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/worker.js"]
