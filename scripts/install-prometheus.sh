#!/bin/sh
# Installs the `prometheus` binary needed by test/e2e/prometheus-scrape.test.ts (Debian/Ubuntu).
# Idempotent: does nothing when `prometheus --version` already works.
#
# Notes:
# - Debian bookworm ships Prometheus 2.42 built WITHOUT kubernetes_sd; the test emulates Kubernetes
#   discovery with file_sd (test/e2e/prometheus/discovery.ts), so that build is enough.
# - The package installs a `prometheus` systemd service listening on :9090 (and, as recommends, a
#   node exporter on :9100). `--no-install-recommends` skips the exporter. Where systemd runs (or
#   policy-rc.d allows it) the service may start; the test never uses or depends on 9090: it runs
#   its own Prometheus on a free 127.0.0.1 port with its own config and TSDB directory.
set -eu

if prometheus --version >/dev/null 2>&1; then
	prometheus --version 2>&1 | head -n 1
	exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends prometheus

prometheus --version 2>&1 | head -n 1
