#!/usr/bin/env bash
# Why: machines are handed out fresh, so the container toolchain the image build and the
# end-to-end tests rely on (podman instead of a docker engine, runc as its OCI runtime,
# debootstrap to make the base image without pulling from a registry) must be installable
# by the project itself. Safe to re-run: it only calls apt-get when something is missing.
set -euo pipefail

packages=(
	podman
	runc
	debootstrap
	# rootless helpers: harmless as root, needed if a non-root user runs podman
	uidmap
	fuse-overlayfs
	slirp4netns
	# podman 4 on bookworm needs a network backend even for --network host/none builds
	netavark
	aardvark-dns
	# debootstrap verifies the Release file against this keyring
	debian-archive-keyring
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-container-tools: all present (${packages[*]})"
	exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi

echo "install-container-tools: installing ${missing[*]}"
# The package lists may be stale or absent on a fresh machine; one update is cheap.
# Other setup scripts may be running apt at the same time: wait for the dpkg lock, don't fail.
apt_opts=(-o DPkg::Lock::Timeout=600)
"${sudo[@]}" apt-get "${apt_opts[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "${apt_opts[@]}" install -y -qq \
	--no-install-recommends "${missing[@]}"
