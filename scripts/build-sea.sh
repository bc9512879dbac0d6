#!/usr/bin/env bash
# Why: Argo CD's repo-server cannot run containerized KRM functions (argo-cd#5553) and has no
# Node, and Flux runs no kustomize plugins at all; those users need one file they can drop in and
# run. This builds it with Node's single-executable applications: the function's CommonJS bundle
# is injected (with postject, from npm) into a copy of a Node binary, which then runs it with no
# Node on PATH and nothing beside it.
#
# Usage:  scripts/build-sea.sh
# Environment:
#   NODE_BINARY  the Node binary to copy (default: `node` on PATH; it must be an official-style
#                build with the SEA fuse, Node 20 or later, for the same OS and CPU as the target)
#   OUT          where to write the executable (default: dist/sea/prometheus-scraping)
# Prints the executable's path as the last line of stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { printf 'build-sea: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

node_binary="${NODE_BINARY:-$(command -v node || true)}"
[ -n "$node_binary" ] && [ -x "$node_binary" ] || die "no Node binary: install Node 20 or later, or set NODE_BINARY"
node_binary="$(readlink -f "$node_binary")"
grep -q NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2 "$node_binary" ||
	die "$node_binary has no single-executable fuse (a distribution build without SEA support?); set NODE_BINARY to an official Node binary"
out="${OUT:-$root/dist/sea/prometheus-scraping}"
[ -x "$root/node_modules/.bin/postject" ] || die "postject is missing: run npm ci first"

work="$(mktemp -d "${TMPDIR:-/tmp}/prometheus-scraping-sea.XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$root" && "$node_binary" scripts/build.mjs --sea)
# The code cache spares V8 compiling the bundle at every start; the warning would be noise on
# stderr, which kustomize and kpt show to users.
cat >"$work/sea-config.json" <<JSON
{
	"main": "$root/dist/sea/prometheus-scraping.cjs",
	"output": "$work/prep.blob",
	"disableExperimentalSEAWarning": true,
	"useCodeCache": true
}
JSON
"$node_binary" --experimental-sea-config "$work/sea-config.json" >&2

mkdir -p "$(dirname "$out")"
cp "$node_binary" "$work/prometheus-scraping"
chmod u+w "$work/prometheus-scraping"
# Node's debug info is a good part of its size and nothing runs it; strip only before injecting,
# since stripping afterwards could drop the injected note.
if command -v strip >/dev/null; then strip --strip-all "$work/prometheus-scraping"; else log "strip not found (binutils): the executable keeps Node's debug info"; fi
"$root/node_modules/.bin/postject" "$work/prometheus-scraping" NODE_SEA_BLOB "$work/prep.blob" \
	--sentinel-fuse NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2 >&2
"$work/prometheus-scraping" --version >/dev/null || die "the built executable does not run"
mv -f "$work/prometheus-scraping" "$out"
log "built $out ($(du -h "$out" | cut -f1), Node $("$node_binary" --version))"
printf '%s\n' "$out"
