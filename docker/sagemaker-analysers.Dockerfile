# syntax=docker/dockerfile:1
# SageMaker inference container for the local analysers (legal, medical, financial, general).
#   docker build -f docker/sagemaker-analysers.Dockerfile -t sagemaker-analysers .
#   docker run -p 8080:8080 sagemaker-analysers serve      # SageMaker appends "serve" itself
# Contract: GET /ping, POST /invocations on 8080 or $SAGEMAKER_BIND_TO_PORT; SIGTERM stops it.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `node` devDependency's postinstall would fetch a second Node binary; the image has one.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
# `npm run build` runs it after tsc.
COPY scripts/copy-assets.mjs ./scripts/
COPY src ./src
# tsc emits only .ts output; the trained document-type model is read at runtime beside analysers.js.
RUN npm run build \
 && mkdir -p dist/local/analysers/model \
 && cp -R src/local/analysers/model/. dist/local/analysers/model/

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    ANALYSER=general
WORKDIR /opt/program
COPY --from=runtime-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
# Lets SageMaker multi-container pipelines move us off 8080 via SAGEMAKER_BIND_TO_PORT.
LABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true
# The official image's unprivileged user; the code stays root-owned and read-only to it.
USER node
EXPOSE 8080
# Exec form, no shell: node is PID 1 and gets SageMaker's SIGTERM directly (container.ts handles it).
ENTRYPOINT ["node", "dist/local/container.js"]
CMD ["serve"]
