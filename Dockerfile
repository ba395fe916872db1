# syntax=docker/dockerfile:1
# The gateway as a container: the compiled build (`npm run build`) on Node 22, configured only by
# environment variables (README: Configuration, Deploying).
#   docker build -t hybrid-ai-gateway .
#   docker run -p 4000:4000 -e AWS_REGION=eu-west-1 -e AWS_ACCESS_KEY_ID=... -e AWS_SECRET_ACCESS_KEY=... hybrid-ai-gateway
# On AWS (ECS, EKS, App Runner) give the task an IAM role instead of keys. With no AWS settings at all
# it starts no local service and refuses anonymous calls (production mode; LOCAL_UPSTREAMS=on and
# ALLOW_ANONYMOUS=on open them on purpose). compose.yaml runs it with Redis.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `node` devDependency's preinstall would fetch a second Node binary; the image has one.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-assets.mjs scripts/build-console.mjs ./scripts/
COPY src ./src
COPY console ./console
# tsc to dist/, the run-time assets (the trained document-type model) beside the compiled code, and
# the web console (Vite) into dist/console (served at /console only with CONSOLE_ENABLED=true in production).
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
# HOST: listen on every interface of the container (the gateway's own default is loopback).
# Prometheus keeps its own loopback listener (METRICS_HOST=127.0.0.1, METRICS_PORT=9464): set
# METRICS_HOST=0.0.0.0 only where 9464 is reachable from the scraper's network alone, never published.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=runtime-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
# The official image's unprivileged user; the code stays root-owned and read-only to it.
USER node
EXPOSE 4000
# No curl in slim images: Node's fetch asks the liveness route.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form, no shell: node is PID 1 and gets the orchestrator's SIGTERM directly (main.ts drains and exits).
ENTRYPOINT ["node", "dist/main.js"]
