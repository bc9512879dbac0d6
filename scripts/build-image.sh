#!/usr/bin/env bash
# Why: one command that turns this checkout into the function's container image on a machine
# with podman and no registry access beyond npm and Debian: it makes (or reuses) the local Node
# base image and builds the Dockerfile's build stage on it (the runtime stage is from scratch).
#
# Environment: IMAGE (default localhost/prometheus-scraping:<package.json version>, the name the
# examples' Kptfiles use), BASE_IMAGE / FORCE (passed to
# build-base-image.sh), PODMAN_BUILD_ARGS (extra words for `podman build`, e.g. --no-cache).
# Prints the image reference as the last line of stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/package.json")"
[ -n "$version" ] || { echo "build-image: no version in $root/package.json" >&2; exit 1; }
IMAGE="${IMAGE:-localhost/prometheus-scraping:$version}"

# shellcheck source=scripts/podman-env.sh
. "$here/podman-env.sh"

base="$("$here/build-base-image.sh")"

# --network host: the build stage's `npm ci` needs the npm registry, and podman's default
# bridge network does not come up here (netavark needs iptables, which this sandbox lacks).
# --pull=never: the bases are local, and any attempt to reach a registry would only fail slowly.
# The sandbox's egress re-signs TLS with its own CA, which the host trusts through its system
# bundle (and NODE_EXTRA_CA_CERTS) but the base image does not; hand it to `npm ci` as a build
# secret, which keeps it out of the image. Harmless where TLS is not intercepted.
ca_args=()
for ca in "${NODE_EXTRA_CA_CERTS:-}" /etc/ssl/certs/ca-certificates.crt; do
	if [ -n "$ca" ] && [ -s "$ca" ]; then
		ca_args=(--secret "id=ca-certificates,src=$ca")
		break
	fi
done

# shellcheck disable=SC2086
podman build \
	"${ca_args[@]}" \
	--network host \
	--pull=never \
	--build-arg "BUILD_IMAGE=$base" \
	--build-arg "VERSION=$version" \
	--tag "$IMAGE" \
	--file "$root/Dockerfile" \
	${PODMAN_BUILD_ARGS:-} \
	"$root" >&2

echo "build-image: built $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=si)B)" >&2
printf '%s\n' "$IMAGE"
