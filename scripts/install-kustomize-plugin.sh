#!/usr/bin/env bash
# Why: `kubectl kustomize` cannot run exec KRM functions (it has no --enable-exec) and many setups
# (Argo CD, CI runners) have no container runtime. kustomize's legacy exec plugins still work there:
# kustomize runs $KUSTOMIZE_PLUGIN_HOME/<apiVersion>/<lowercase kind>/<Kind> with the transformer's
# config file as argv[1] and the resources as a YAML stream on stdin. This script installs the
# function at that place for its config, fn.kpt.dev/v1alpha1 PrometheusScraping, as a small sh
# wrapper that runs the bundled function with node. The function notices the legacy call itself.
#
# Usage:  scripts/install-kustomize-plugin.sh [BUNDLE | EXECUTABLE]
#   BUNDLE      the bundled function (default: this checkout's dist/prometheus-scraping.js, built with
#               `npm run build` first when missing). Recorded as an absolute path: keep it where it is.
#   EXECUTABLE  the standalone executable (scripts/build-sea.sh), copied in as the plugin itself:
#               no Node needed, nothing to keep beside it (the Argo CD repo-server recipe).
# Environment:
#   KUSTOMIZE_PLUGIN_HOME  where kustomize looks for plugins
#                          (default: ${XDG_CONFIG_HOME:-$HOME/.config}/kustomize/plugin, as kustomize)
#   NODE                   the node binary the wrapper runs (default: `node` on PATH now, recorded
#                          as an absolute path so the plugin works under a different PATH)
# Prints the installed plugin's path as the last line of stdout. Then, with the config under
# `transformers:` in a kustomization (no config.kubernetes.io/function annotation):
#   kubectl kustomize --enable-alpha-plugins DIR     (same KUSTOMIZE_PLUGIN_HOME in the environment)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

log() { printf 'install-kustomize-plugin: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$#" -le 1 ] || die "at most one argument (the bundled function); got $#"

plugin_home="${KUSTOMIZE_PLUGIN_HOME:-${XDG_CONFIG_HOME:-$HOME/.config}/kustomize/plugin}"
dir="$plugin_home/fn.kpt.dev/v1alpha1/prometheusscraping"
plugin="$dir/PrometheusScraping"

if [ "$#" -eq 1 ] && [ -f "$1" ] && [ -x "$1" ] && [ "${1%.js}" = "$1" ]; then
	"$1" --version >/dev/null || die "$1 --version failed: is it the prometheus-scraping executable?"
	mkdir -p "$dir"
	install -m 0755 "$1" "$plugin"
	log "installed $plugin (a copy of $1)"
	printf '%s\n' "$plugin"
	exit 0
fi

if [ "$#" -eq 1 ]; then
	bundle="$1"
	[ -f "$bundle" ] || die "$bundle is not a file; give the path of a bundled prometheus-scraping.js or the standalone executable"
else
	bundle="$root/dist/prometheus-scraping.js"
	if [ ! -f "$bundle" ]; then
		log "building $bundle (npm run build)"
		(cd "$root" && npm run --silent build >&2) || die "npm run build failed"
	fi
fi
bundle="$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")"

node="${NODE:-$(command -v node || true)}"
[ -n "$node" ] || die "node is not on PATH; install Node 20 or later, or set NODE"
case "$node" in
/*) ;;
*) node="$(command -v "$node" || true)"; [ -n "$node" ] || die "NODE=${NODE:-} is not a command" ;;
esac
"$node" "$bundle" --help >/dev/null || die "$node $bundle --help failed: is it the prometheus-scraping bundle?"

mkdir -p "$dir"

# Single-quoted for sh, with any ' in the path written as '\''.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

tmp="$(mktemp "$dir/.PrometheusScraping.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
cat >"$tmp" <<EOF
#!/bin/sh
# kustomize legacy exec plugin for fn.kpt.dev/v1alpha1 PrometheusScraping, installed by
# scripts/install-kustomize-plugin.sh: argv[1] is the transformer's config file, stdin and stdout
# are YAML streams. Reinstall to point it at another bundle or node.
exec $(quote "$node") $(quote "$bundle") "\$@"
EOF
chmod 0755 "$tmp"
mv -f "$tmp" "$plugin"
trap - EXIT

log "installed $plugin -> $node $bundle"
printf '%s\n' "$plugin"
