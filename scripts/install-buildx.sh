#!/usr/bin/env bash
# Install the docker buildx plugin for the current user, without touching the system: the
# `docker-buildx` package is downloaded (from the system's own lists where they have it, as on
# Debian 13; else Debian 13's, through a private apt list for the `trixie` suite on the mirror the
# system already uses), unpacked, and its plugin copied to "$DOCKER_CONFIG/cli-plugins" (default
# ~/.docker/cli-plugins), where the docker client on PATH finds it. Debian 12 does not package
# buildx; trixie's build needs only libc6 >= 2.34, which Debian 12 has. Does nothing when
# `docker buildx version` works.
#
# Usage: scripts/install-buildx.sh
set -euo pipefail

say() { printf 'install-buildx.sh: %s\n' "$*" >&2; }

if docker buildx version >/dev/null 2>&1; then
    say "already there: $(docker buildx version)"
    exit 0
fi
command -v apt-get >/dev/null 2>&1 || { say "needs apt-get (Debian or Ubuntu)"; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || { say "needs dpkg-deb"; exit 1; }

plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"

# The Debian archive this machine already uses (deb822 .sources or one-line lists), so that the
# package comes from the same mirror as the rest of the system.
debian_archive() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -f $file ]] || continue
        awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$file"
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $file ]] || continue
        awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian\/?$/) { print $i; exit } }' "$file"
    done
}

if [[ -n $(apt-cache policy docker-buildx 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"') ]]; then
    # Debian 13 and later package it: take the package of the system's own lists.
    (cd "$work" && apt-get -qq -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root" download docker-buildx)
else
    archive=$(debian_archive | head -n 1)
    [[ -n $archive ]] || { say "no Debian archive in the apt sources to take docker-buildx from"; exit 1; }
    echo "deb $archive trixie main" >"$work/trixie.list"
    apt_private=(
        -o "Dir::Etc::sourcelist=$work/trixie.list"
        -o "Dir::Etc::sourceparts=-"
        -o "Dir::State::Lists=$work/lists"
        -o "Dir::Cache=$work/cache"
        -o "APT::Sandbox::User=root"
    )
    apt-get -qq "${apt_private[@]}" update
    (cd "$work" && apt-get -qq "${apt_private[@]}" download docker-buildx)
fi
dpkg-deb -x "$work"/docker-buildx_*.deb "$work/root"
mkdir -p "$plugins"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugins/docker-buildx"
say "installed $(docker buildx version) into $plugins"
