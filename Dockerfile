# The prometheus-scraping KRM function as a container, for `kpt fn eval --image`, Kptfile
# pipelines and kustomize's containerized functions.
#
#   docker build -t localhost/prometheus-scraping:0.1.0 .
#
# builds it with the official Node image. Machines that cannot pull from a registry use
# scripts/build-image.sh, which passes a locally built equivalent as BUILD_IMAGE
# (scripts/build-base-image.sh).
#
# Two stages. The build stage has Node, npm and the build's node_modules; the runtime stage is
# assembled from scratch out of the build stage's files: the Node binary and the shared libraries
# it links, the bundle, a CA bundle and the nobody user. No shell, no package manager, no npm:
# nothing a KRM function never runs, and nothing to patch but Node.
ARG BUILD_IMAGE=node:22-bookworm-slim

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
    && node /tmp/prometheus-scraping.js --help >/dev/null

# The runtime root. The official Node binary carries its debug info (about 18 MB); stripped, the
# image stays under 130 MB. The local base has binutils; the official image gets it from apt.
# The CA bundle is Node's own store written out, so it needs no ca-certificates package.
RUN set -eu; \
    command -v strip >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils >/dev/null; }; \
    r=/rootfs; node="$(command -v node)"; \
    mkdir -p "$r/usr/local/bin" "$r/app" "$r/etc/ssl/certs" "$r/tmp"; \
    cp "$node" "$r/usr/local/bin/node" && strip --strip-all "$r/usr/local/bin/node"; \
    for lib in $(ldd "$node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do \
        mkdir -p "$r$(dirname "$lib")" && cp -L "$lib" "$r$lib"; \
    done; \
    cp /etc/ld.so.cache "$r/etc/"; \
    node -p "require('node:tls').rootCertificates.join('\n')" >"$r/etc/ssl/certs/ca-certificates.crt"; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$r/etc/passwd"; \
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"; \
    chmod 1777 "$r/tmp"; \
    install -m 0644 dist/prometheus-scraping.js "$r/app/prometheus-scraping.js"; \
    install -m 0644 dist/prometheus-scraping.js.cache "$r/app/prometheus-scraping.js.cache"; \
    chroot "$r" /usr/local/bin/node /app/prometheus-scraping.js --version

FROM scratch
ARG VERSION=0.1.0
# The labels the kpt functions catalog's images carry, and what a registry UI shows.
LABEL org.opencontainers.image.title="prometheus-scraping" \
      org.opencontainers.image.description="KRM function that gives every workload, Service or Ingress in a kpt package or kustomize overlay its Prometheus scraping configuration" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/prometheus-scraping/prometheus-scraping" \
      org.opencontainers.image.url="https://github.com/prometheus-scraping/prometheus-scraping" \
      org.opencontainers.image.documentation="https://github.com/prometheus-scraping/prometheus-scraping#readme"
# Root-owned and world-readable: nobody can run it, not change it. Nothing is written at run
# time, so a read-only root filesystem is fine.
COPY --from=build /rootfs/ /
ENV PATH=/usr/local/bin NODE_ENV=production SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
# kpt runs functions as nobody (65534) anyway; this makes plain `docker run` match it.
USER 65534:65534
WORKDIR /app
ENTRYPOINT ["/usr/local/bin/node", "/app/prometheus-scraping.js"]
