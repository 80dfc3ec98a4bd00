#!/usr/bin/env bash
# build-go-base-image.sh: build a Go 1.19 base image without any container registry.
#
# The image is made from Debian bookworm's own Go package (debootstrap + `docker import`) and
# given the official golang images' layout: GOPATH=/go, /go world-writable with the sticky bit.
# It is tagged with the names the Dockerfiles under fixtures/confirm use in their FROM, so a
# build never tries to pull. Only a Debian package mirror is needed, or a saved image (--cache).
set -euo pipefail

readonly DEFAULT_TAGS=(golang:1.19 golang:1.19-bookworm)
readonly SUITE=bookworm
readonly LABEL=org.dockerlint-go.base-image
readonly LABEL_VALUE=golang-1.19-debootstrap
readonly GO_PATH_ENV=/go/bin:/usr/lib/go-1.19/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

usage() {
    cat <<EOF
Usage: ${0##*/} [--tag NAME]... [--cache FILE] [--rootfs DIR] [--mirror URL]

Build a Go 1.19 base image (Debian $SUITE, official golang image layout) without a registry.

  --tag NAME     tag the image NAME; repeatable (default: ${DEFAULT_TAGS[*]})
  --cache FILE   if FILE exists, load the image from it instead of building (a few seconds);
                 after a build, save the image to FILE (docker save | gzip -1)
  --rootfs DIR   debootstrap into DIR and keep it; if DIR already holds a Go 1.19 rootfs,
                 reuse it instead of running debootstrap again
  --mirror URL   Debian mirror for debootstrap (default: debootstrap's own)
  -h, --help     show this help

Nothing is done when every tag already exists. Needs root (debootstrap) and a running
Docker engine.
EOF
}

say() {
    printf '%s: %s\n' "${0##*/}" "$*" >&2
}

die() {
    say "error: $*"
    exit 1
}

tags=()
cache=""
rootfs=""
mirror=""
while (($#)); do
    case $1 in
    --tag)
        [[ $# -ge 2 && -n $2 ]] || die "--tag needs a NAME"
        tags+=("$2")
        shift 2
        ;;
    --cache)
        [[ $# -ge 2 && -n $2 ]] || die "--cache needs a FILE"
        cache=$2
        shift 2
        ;;
    --rootfs)
        [[ $# -ge 2 && -n $2 ]] || die "--rootfs needs a DIR"
        rootfs=$2
        shift 2
        ;;
    --mirror)
        [[ $# -ge 2 && -n $2 ]] || die "--mirror needs a URL"
        mirror=$2
        shift 2
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        die "unknown argument: $1"
        ;;
    esac
done
((${#tags[@]})) || tags=("${DEFAULT_TAGS[@]}")

command -v docker >/dev/null 2>&1 || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (is dockerd running, and are you root?)"

image_id() {
    docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true
}

# The tags that do not exist yet.
missing_tags() {
    local tag
    for tag in "${tags[@]}"; do
        [[ -n $(image_id "$tag") ]] || printf '%s\n' "$tag"
    done
}

is_ours() {
    [[ $(docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null) == "$LABEL_VALUE" ]]
}

# Give every missing tag to image $1.
tag_missing() {
    local tag
    while read -r tag; do
        [[ -n $tag ]] || continue
        docker tag "$1" "$tag"
        say "tagged $tag"
    done < <(missing_tags)
}

# The image one of the requested tags already names, if this script built it.
present_image() {
    local tag id
    for tag in "${tags[@]}"; do
        id=$(image_id "$tag")
        if [[ -n $id ]] && is_ours "$id"; then
            printf '%s\n' "$id"
            return 0
        fi
    done
    return 1
}

# Load the saved image; print its ID if it is ours.
load_cache() {
    local output name id
    output=$(gzip -dc -- "$cache" | docker load) || return 1
    printf '%s\n' "$output" >&2
    name=$(sed -n 's/^Loaded image: //p; s/^Loaded image ID: //p' <<<"$output" | head -n 1)
    [[ -n $name ]] || return 1
    id=$(image_id "$name")
    [[ -n $id ]] && is_ours "$id" || return 1
    printf '%s\n' "$id"
}

smoke_test() {
    local version
    version=$(docker run --rm --network none "${tags[0]}" go version) ||
        die "the image ${tags[0]} does not run go"
    say "${tags[0]}: $version"
}

save_cache() {
    say "saving the image to $cache"
    mkdir -p -- "$(dirname -- "$cache")"
    docker save "${tags[@]}" | gzip -1 >"$cache.tmp.$$"
    mv -f -- "$cache.tmp.$$" "$cache"
}

if [[ -z $(missing_tags) ]]; then
    say "nothing to do: ${tags[*]} already present ($(image_id "${tags[0]}"))"
    # Fill a missing cache from an image this script built, for the next machine or run.
    if [[ -n $cache && ! -f $cache ]] && is_ours "${tags[0]}"; then
        save_cache
    fi
    exit 0
fi

if id=$(present_image); then
    tag_missing "$id"
    smoke_test
    say "done: ${tags[*]}"
    exit 0
fi

if [[ -n $cache && -f $cache ]]; then
    say "loading the image from $cache"
    if id=$(load_cache); then
        tag_missing "$id"
        smoke_test
        say "done: ${tags[*]} (loaded from $cache)"
        exit 0
    fi
    say "warning: $cache did not hold an image built by this script; building it instead"
fi

[[ $(id -u) == 0 ]] || die "building the image needs root (debootstrap); run with sudo"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed (apt-get install debootstrap)"

workdir=$(mktemp -d)
import_tag="dockerlint-go-rootfs:$$"
cleanup() {
    docker rmi "$import_tag" >/dev/null 2>&1 || true
    rm -rf -- "$workdir"
}
trap cleanup EXIT

if [[ -z $rootfs ]]; then
    rootfs=$workdir/rootfs
fi
if [[ -x $rootfs/usr/lib/go-1.19/bin/go ]]; then
    say "reusing the rootfs in $rootfs"
else
    say "debootstrap $SUITE with golang-1.19-go into $rootfs (about 40 s)"
    mirror_args=()
    [[ -z $mirror ]] || mirror_args=("$mirror")
    debootstrap --variant=minbase --include=golang-1.19-go,ca-certificates \
        "$SUITE" "$rootfs" "${mirror_args[@]}" >"$workdir/debootstrap.log" 2>&1 ||
        {
            tail -n 20 "$workdir/debootstrap.log" >&2
            die "debootstrap failed (log above)"
        }
fi

# Trim while archiving, so that a reused rootfs is left as it was.
say "importing the rootfs as $import_tag"
tar -C "$rootfs" \
    --exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' --exclude='./usr/share/info/*' \
    --exclude='./usr/share/locale/*' --exclude='./var/lib/apt/lists/*' \
    --exclude='./var/cache/apt/*' --exclude='./var/log/*' --exclude='./debootstrap' \
    --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' --exclude='./run/*' \
    --exclude='./tmp/*' \
    -c . |
    docker import \
        -c "ENV PATH=$GO_PATH_ENV" \
        -c 'ENV GOPATH=/go' \
        -c 'WORKDIR /go' \
        -c 'CMD ["bash"]' \
        - "$import_tag" >/dev/null

# The official images' permissions: /go, /go/src and /go/bin world-writable, sticky.
say "adding the /go layer"
tag_args=()
for tag in "${tags[@]}"; do
    tag_args+=(-t "$tag")
done
printf 'FROM %s\nRUN mkdir -p /go/src /go/bin && chmod -R 1777 /go\nLABEL %s=%s\n' \
    "$import_tag" "$LABEL" "$LABEL_VALUE" |
    DOCKER_BUILDKIT=0 docker build --network none -q "${tag_args[@]}" - >/dev/null
smoke_test

if [[ -n $cache ]]; then
    save_cache
fi
say "done: ${tags[*]}"
