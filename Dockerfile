# The prometheus-scraping KRM function as a container, for `kpt fn eval --image`, Kptfile
# pipelines and kustomize's containerized functions.
#
# Two stages so the runtime image holds one bundled file and none of the build's node_modules.
# The defaults are the official Node LTS images; this project's machines cannot pull them, so
# scripts/build-image.sh passes a locally built equivalent for both (scripts/build-base-image.sh).
ARG BUILD_IMAGE=node:22-bookworm-slim
ARG RUNTIME_IMAGE=node:22-bookworm-slim

FROM ${BUILD_IMAGE} AS build
# Build logs stay about the build: no update, funding or audit chatter (and no extra requests).
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /src
# Manifests first: the `npm ci` layer is then reused until the lockfile changes.
COPY package.json package-lock.json ./
# Networks that intercept TLS need their CA for the registry. It comes in as an optional build
# secret (scripts/build-image.sh passes the host's bundle) so it is in no layer and no history.
RUN --mount=type=secret,id=ca-certificates \
    if [ -s /run/secrets/ca-certificates ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates; fi \
    && npm ci --loglevel=warn
COPY . .
# The --help run from outside the tree fails the build, not the first user, if the bundle still
# needs node_modules at run time (the runtime stage has none).
RUN npm run build \
    && cp dist/prometheus-scraping.js /tmp/ \
    && node /tmp/prometheus-scraping.js --help >/dev/null \
    && chmod 0755 dist/prometheus-scraping.js

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="prometheus-scraping" \
      org.opencontainers.image.description="KRM function that adds Prometheus scraping configuration to workloads, Services and Ingresses" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
# Root-owned and world-readable (mode set above, kept by COPY): nobody can run it, not change it.
COPY --from=build /src/dist/prometheus-scraping.js /app/prometheus-scraping.js
# kpt runs functions as nobody (65534) anyway; this makes plain `docker run` match it.
USER 65534:65534
ENTRYPOINT ["node", "/app/prometheus-scraping.js"]
# The base image's CMD ["node"] would otherwise be passed to the function as an argument.
CMD []
