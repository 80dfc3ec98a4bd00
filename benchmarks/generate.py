"""Generate a deterministic corpus of realistic Dockerfiles for Go services.

Each file is built from the same pieces real projects use: an optional syntax directive and
global ARGs, a Go builder stage (alpine, Debian or plain), system packages, app users created
with useradd/adduser, the module download before or after `COPY . .`, vendored builds, cache
mounts, heredoc RUNs, tool installs (`go install pkg@version`), `go generate`, `go mod tidy`,
tests, USER switches, and a runtime stage (distroless, alpine, Debian or scratch).

File ``i`` depends only on the seed and ``i``, so a corpus of 1,000 files starts with the same
100 files as a corpus of 100. Every file parses with hadolint (which wants a blank line after
a heredoc) as well as with BuildKit.

``multistage(lines, seed)`` is a single large multi-stage file for a Go monorepo, of exactly
``lines`` lines (see its docstring).

Usage: python benchmarks/generate.py OUTDIR [--count 1000] [--seed 0] [--multistage LINES]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GO_VERSIONS = ("1.20", "1.21", "1.21.13", "1.22", "1.22.5", "1.23", "1.23.2")
DEBIAN_VARIANTS = ("", "-bookworm", "-bullseye")
ALPINE_VARIANTS = ("-alpine", "-alpine3.19", "-alpine3.20")
SERVICES = (
    "api",
    "worker",
    "gateway",
    "scheduler",
    "notifier",
    "indexer",
    "billing",
    "auth",
    "ledger",
    "exporter",
    "proxy",
    "relay",
    "catalog",
    "inventory",
    "search",
    "webhooks",
)
ORGS = ("acme", "example", "initech", "globex", "umbrella", "hooli")
TOOLS = (
    "github.com/swaggo/swag/cmd/swag@v1.16.3",
    "google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2",
    "google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.4.0",
    "github.com/golang/mock/mockgen@v1.6.0",
    "github.com/air-verse/air@v1.52.3",
    "github.com/go-delve/delve/cmd/dlv@v1.23.0",
    "github.com/sqlc-dev/sqlc/cmd/sqlc@v1.27.0",
    "golang.org/x/tools/cmd/stringer@v0.24.0",
)
APT_PACKAGES = ("git", "make", "gcc", "libc6-dev", "ca-certificates", "protobuf-compiler", "unzip")
APK_PACKAGES = ("git", "make", "gcc", "musl-dev", "ca-certificates", "tzdata", "build-base")
USERS = ("app", "appuser", "svc", "gopher", "runner", "nonroot")


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    name: str  # relative path, e.g. "0001-billing-worker/Dockerfile"
    text: str
    runs: int  # RUN instructions in the file
    lines: int


@dataclass(frozen=True, slots=True)
class Corpus:
    root: Path
    paths: tuple[Path, ...]  # relative to root, in generation order
    runs: int
    lines: int


class _Writer:
    """Collects instructions and counts the RUNs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.runs = 0

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def run(self, *lines: str) -> None:
        self.runs += 1
        self.lines.extend(lines)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")


def _continued(first: str, rest: Sequence[str], indent: str = "    ") -> list[str]:
    """A command split over lines with backslash continuations."""
    parts = [first, *(f"{indent}{part}" for part in rest)]
    return [f"{part} \\" for part in parts[:-1]] + [parts[-1]]


def _packages(rng: random.Random, alpine: bool) -> list[str]:
    pool = APK_PACKAGES if alpine else APT_PACKAGES
    chosen = sorted(rng.sample(pool, rng.randint(1, 4)))
    if alpine:
        return [f"RUN apk add --no-cache {' '.join(chosen)}"]
    return _continued(
        "RUN apt-get update",
        [
            f"&& apt-get install -y --no-install-recommends {' '.join(chosen)}",
            "&& rm -rf /var/lib/apt/lists/*",
        ],
    )


def _create_user(rng: random.Random, alpine: bool, user: str, uid: str) -> str:
    if alpine:
        return rng.choice(
            (
                f"RUN adduser -D -u {uid} {user}",
                f"RUN addgroup -S {user} && adduser -S -G {user} {user}",
                f"RUN adduser -D -H -u {uid} {user}",
            )
        )
    return rng.choice(
        (
            f"RUN useradd -m -u {uid} {user}",
            f"RUN useradd --no-create-home --uid {uid} {user}",
            f"RUN groupadd -g {uid} {user} && useradd -m -u {uid} -g {user} {user}",
            f"RUN adduser --system --group --no-create-home {user}",
        )
    )


def _build_command(rng: random.Random, service: str, vendored: bool) -> str:
    flags = ["-trimpath"] if rng.random() < 0.5 else []
    if vendored:
        flags.append("-mod=vendor")
    if rng.random() < 0.6:
        flags.append('-ldflags="-s -w"')
    env = "CGO_ENABLED=0 " if rng.random() < 0.7 else ""
    return f"{env}go build {' '.join([*flags, f'-o /out/{service}', f'./cmd/{service}'])}"


def generate_file(index: int, seed: int = 0) -> GeneratedFile:
    """Dockerfile number ``index`` of the corpus for ``seed``."""
    rng = random.Random(seed * 1_000_003 + index)
    service = f"{rng.choice(SERVICES)}-{rng.choice(SERVICES)}"
    org = rng.choice(ORGS)
    alpine = rng.random() < 0.4
    version = rng.choice(GO_VERSIONS)
    variant = rng.choice(ALPINE_VARIANTS if alpine else DEBIAN_VARIANTS)
    buildkit = rng.random() < 0.5
    user = rng.choice(USERS)
    uid = rng.choice(("1000", "1001", "10001", "65532"))
    out = _Writer()

    # Header and global ARGs.
    if buildkit:
        out.add(f"# syntax=docker/dockerfile:{rng.choice(('1', '1.6', '1.7'))}")
    if rng.random() < 0.5:
        out.add(f"# {service}: built by the platform team's template")
    if rng.random() < 0.4:
        out.add(f"ARG GO_VERSION={version}")
        image = f"golang:${{GO_VERSION}}{variant}"
    else:
        image = f"golang:{version}{variant}"
    out.blank()

    # Builder stage.
    out.add(f"FROM {image} AS build")
    if rng.random() < 0.7:
        out.run(*_packages(rng, alpine))
    user_in_builder = rng.random() < 0.45
    if user_in_builder:
        out.run(_create_user(rng, alpine, user, uid))
    if rng.random() < 0.35:
        goflags = rng.choice(("-mod=mod", "-buildvcs=false", "-mod=readonly"))
        out.add(*_continued("ENV CGO_ENABLED=0", [f"GOOS=linux GOFLAGS={goflags}"]))
    workdir = rng.choice(("/src", "/app", "/build", f"/go/src/github.com/{org}/{service}"))
    out.add(f"WORKDIR {workdir}")
    out.blank()

    if rng.random() < 0.3:
        tool = rng.choice(TOOLS)
        out.run(f"RUN go install {tool}")

    vendored = rng.random() < 0.15
    switched = False
    layout = rng.random()
    if vendored:
        out.add("COPY . .")
    elif buildkit and layout < 0.3:
        out.run(
            *_continued(
                "RUN --mount=type=cache,target=/go/pkg/mod",
                [
                    "--mount=type=bind,source=go.mod,target=go.mod",
                    "--mount=type=bind,source=go.sum,target=go.sum",
                    "go mod download -x",
                ],
            )
        )
        out.add("COPY . .")
    elif layout < 0.7:
        out.add(rng.choice(("COPY go.mod go.sum ./", "COPY go.* ./")))
        out.run(rng.choice(("RUN go mod download", "RUN go mod download && go mod verify")))
        out.add("COPY . .")
    else:
        out.add("COPY . .")
        out.run("RUN go mod download")

    if user_in_builder and rng.random() < 0.5:
        if rng.random() < 0.4:
            out.run(f"RUN chown -R {user}:{user} {workdir}")
        out.add(f"USER {user}")
        switched = True

    if buildkit and rng.random() < 0.3:
        out.run(
            "RUN <<EOF",
            "set -eux",
            "go generate ./...",
            "go vet ./...",
            "EOF",
        )
        out.add("")  # hadolint needs a blank line after a heredoc terminator
    else:
        if rng.random() < 0.25:
            out.run("RUN go generate ./...")
        if rng.random() < 0.2:
            out.run("RUN go mod tidy")
        if rng.random() < 0.3:
            out.run(
                rng.choice(("RUN go vet ./...", "RUN go test ./...", "RUN go test -short ./..."))
            )

    build = _build_command(rng, service, vendored)
    if buildkit and not vendored and rng.random() < 0.5:
        cache_owner = f",uid={uid}" if switched and rng.random() < 0.5 else ""
        out.run(
            *_continued(
                f"RUN --mount=type=cache,target=/go/pkg/mod{cache_owner}",
                ["--mount=type=cache,target=/root/.cache/go-build", build],
            )
        )
    else:
        out.run(f"RUN {build}")
    out.blank()

    if rng.random() < 0.2:
        out.add("FROM build AS test")
        out.run("RUN go test -race ./..." if not alpine else "RUN go test ./...")
        out.blank()

    # Runtime stage.
    runtime = rng.choice(("distroless", "alpine", "debian", "scratch"))
    binary = f"/usr/local/bin/{service}"
    if runtime == "distroless":
        out.add(f"FROM gcr.io/distroless/{rng.choice(('static', 'base'))}-debian12:nonroot")
        out.add(f"COPY --from=build /out/{service} {binary}")
        out.add("USER nonroot:nonroot")
    elif runtime == "scratch":
        out.add("FROM scratch")
        out.add("COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/")
        out.add(f"COPY --from=build /out/{service} {binary}")
        out.add(f"USER {uid}:{uid}")
    elif runtime == "alpine":
        out.add(f"FROM alpine:{rng.choice(('3.18', '3.19', '3.20'))}")
        out.run(
            *_continued(
                "RUN apk add --no-cache ca-certificates tzdata",
                [f"&& adduser -D -H -u {uid} {user}"],
            )
        )
        out.add(f"COPY --from=build /out/{service} {binary}")
        out.add(f"USER {user}")
    else:
        out.add("FROM debian:bookworm-slim")
        out.run(
            *_continued(
                "RUN apt-get update",
                [
                    "&& apt-get install -y --no-install-recommends ca-certificates",
                    "&& rm -rf /var/lib/apt/lists/*",
                    f"&& useradd --system --no-create-home {user}",
                ],
            )
        )
        out.add(f"COPY --from=build /out/{service} {binary}")
        out.add(f"USER {user}")
    if rng.random() < 0.4:
        out.add(f'LABEL org.opencontainers.image.source="https://github.com/{org}/{service}"')
    port = rng.choice(("8080", "8443", "9090", "3000"))
    out.add(f"EXPOSE {port}")
    if runtime in ("alpine", "debian") and rng.random() < 0.3:
        out.add(f'HEALTHCHECK --interval=30s --timeout=3s CMD ["{binary}", "healthcheck"]')
    out.add(f'ENTRYPOINT ["{binary}"]')
    if rng.random() < 0.4:
        out.add(f'CMD ["--listen", ":{port}"]')

    text = "\n".join(out.lines) + "\n"
    name = f"{index:04d}-{service}/Dockerfile"
    return GeneratedFile(name=name, text=text, runs=out.runs, lines=len(out.lines))


GENERATORS = (
    "google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2",
    "google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.4.0",
    "github.com/sqlc-dev/sqlc/cmd/sqlc@v1.27.0",
    "golang.org/x/tools/cmd/stringer@v0.24.0",
)
CACHE_MOUNTS = (
    "--mount=type=cache,target=/go/pkg/mod",
    "--mount=type=cache,target=/root/.cache/go-build",
)
TEAMS = ("payments", "platform", "growth", "identity", "data")


def _service_names(count: int) -> list[str]:
    """``count`` distinct service names: the plain ones first, then numbered ones."""
    return [
        SERVICES[k % len(SERVICES)] + (f"-{k // len(SERVICES)}" if k >= len(SERVICES) else "")
        for k in range(count)
    ]


def _cached_run(*rest: str) -> list[str]:
    """A RUN with both Go caches mounted, one option or command per line."""
    return _continued(f"RUN {CACHE_MOUNTS[0]}", [CACHE_MOUNTS[1], *rest])


def _static_build(rng: random.Random, service: str) -> list[str]:
    """A stage that builds one service from the shared source stage with cache mounts."""
    out = _Writer()
    out.add(f"FROM source AS build-{service}")
    out.add("ARG TARGETOS=linux", "ARG TARGETARCH", "ARG VERSION=dev")
    out.add("ENV GOOS=${TARGETOS} GOARCH=${TARGETARCH}")
    if rng.random() < 0.4:
        out.add(f"COPY configs/{service}/ ./configs/{service}/")
    if rng.random() < 0.3:
        out.run(f"RUN {CACHE_MOUNTS[0]} go generate ./cmd/{service}/...")
    flags = ["-trimpath"] + (["-tags netgo,osusergo"] if rng.random() < 0.3 else [])
    ldflags = '-ldflags="-s -w -X main.version=${VERSION}"'
    target = f"-o /out/{service} ./cmd/{service}"
    if rng.random() < 0.3:
        out.run(f"RUN {CACHE_MOUNTS[0]} {CACHE_MOUNTS[1]} <<EOF", "set -eu")
        out.add(f"go build {' '.join(flags)} {ldflags} {target}", f"go version -m /out/{service}")
        out.add("EOF", "")
    else:
        out.run(*_cached_run(f"go build {' '.join(flags)}", f"    {ldflags}", f"    {target}"))
    if rng.random() < 0.4:
        out.run(f"RUN /out/{service} --version")
    out.blank()
    return out.lines


def _cgo_build(rng: random.Random, service: str) -> list[str]:
    """A Debian stage that builds one service with cgo as an unprivileged user."""
    home = "/home/builder"
    mounts = (
        f"--mount=type=cache,target={home}/go/pkg/mod,uid=1000",
        f"--mount=type=cache,target={home}/.cache/go-build,uid=1000",
    )
    out = _Writer()
    out.add(f"FROM golang:${{GO_VERSION}}-bookworm AS build-{service}")
    libraries = sorted(rng.sample(("libsqlite3-dev", "libssl-dev", "zlib1g-dev", "libpq-dev"), 2))
    out.run(
        *_continued(
            "RUN apt-get update",
            [
                "&& apt-get install -y --no-install-recommends gcc libc6-dev "
                + " ".join(libraries),
                "&& rm -rf /var/lib/apt/lists/*",
                "&& useradd -m -u 1000 builder",
                "&& install -d -o builder /out",
            ],
        )
    )
    out.add("USER builder")
    out.add(*_continued(f"ENV GOMODCACHE={home}/go/pkg/mod", [f"GOCACHE={home}/.cache/go-build"]))
    out.add(f"WORKDIR {home}/src", "COPY --chown=builder:builder go.mod go.sum ./")
    out.run(f"RUN {mounts[0]} go mod download")
    out.add("COPY --chown=builder:builder . .")
    out.run(
        *_continued(
            f"RUN {mounts[0]}",
            [mounts[1], f"CGO_ENABLED=1 go build -o /out/{service} ./cmd/{service}"],
        )
    )
    out.blank()
    return out.lines


def _multistage_head(rng: random.Random, org: str) -> list[str]:
    """Syntax line, global ARGs, the shared base and source stages, the generator and lint
    stages."""
    out = _Writer()
    out.add("# syntax=docker/dockerfile:1.7", f"# {org}/platform: every service of the monorepo")
    out.add(f"ARG GO_VERSION={rng.choice(GO_VERSIONS)}", "ARG ALPINE_VERSION=3.20", "")
    out.add("FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS base")
    out.run("RUN apk add --no-cache git make ca-certificates tzdata")
    out.run("RUN addgroup -S app && adduser -S -G app -u 10001 app")
    out.add(*_continued("ENV CGO_ENABLED=0", ["GOFLAGS=-mod=readonly"]))
    out.add("WORKDIR /src", "COPY go.mod go.sum ./")
    out.run(f"RUN {CACHE_MOUNTS[0]} go mod download -x", "")

    out.add("FROM golang:${GO_VERSION}-bookworm AS tools")
    out.run(
        *_continued(
            "RUN apt-get update",
            [
                "&& apt-get install -y --no-install-recommends protobuf-compiler unzip make",
                "&& rm -rf /var/lib/apt/lists/*",
            ],
        )
    )
    installs = [f"go install {GENERATORS[0]}", *(f"&& go install {g}" for g in GENERATORS[1:])]
    out.run(*_cached_run(*installs))
    out.add("WORKDIR /src", "COPY . .")
    out.run("RUN <<EOF", "set -eux", "make proto", "go generate ./...", "sqlc generate", "EOF")
    out.add("")

    out.add("FROM base AS source", "COPY . .", "COPY --from=tools /src/gen ./gen", "")

    lint = rng.choice(("v1.59.1", "v1.60.3", "v1.61.0"))
    out.add("FROM source AS lint")
    linter = f"github.com/golangci/golangci-lint/cmd/golangci-lint@{lint}"
    out.run(f"RUN {CACHE_MOUNTS[0]} go install {linter}")
    out.run(
        *_cached_run(
            "--mount=type=cache,target=/root/.cache/golangci-lint",
            "golangci-lint run --timeout 5m ./...",
        )
    )
    out.add("")
    return out.lines


def _multistage_tail(
    services: Sequence[str], labels: int, org: str, port: str
) -> tuple[list[str], list[str]]:
    """The test stage, and the runtime stage with ``labels`` label lines."""
    test = _Writer()
    test.add("FROM source AS test")
    test.run(*_cached_run("go vet ./... && go test -count=1 ./..."))
    test.add("USER app")
    test.run("RUN go test -short ./internal/...", "")

    runtime = _Writer()
    runtime.add("FROM alpine:${ALPINE_VERSION} AS runtime")
    runtime.run(
        *_continued(
            "RUN apk add --no-cache ca-certificates tzdata", ["&& adduser -D -H -u 10001 app"]
        )
    )
    for service in services:
        runtime.add(f"COPY --from=build-{service} /out/{service} /usr/local/bin/{service}")
    runtime.add("COPY --from=source /src/configs /etc/platform")
    oci = {
        "title": f"{org}-platform",
        "description": f"{len(services)} services of the {org} platform",
        "vendor": org,
        "licenses": "Apache-2.0",
        "url": f"https://github.com/{org}/platform",
        "source": f"https://github.com/{org}/platform",
        "documentation": f"https://github.com/{org}/platform/tree/main/docs",
    }
    values = [f'org.opencontainers.image.{key}="{value}"' for key, value in oci.items()]
    values += [
        f'com.{org}.service.{services[k % len(services)]}.owner="{TEAMS[k % len(TEAMS)]}"'
        for k in range(max(labels - len(values), 0))
    ]
    values = values[:labels]
    if values:
        runtime.add(*_continued(f"LABEL {values[0]}", values[1:]))
    runtime.add("USER app:app", f"EXPOSE {port}", f'ENTRYPOINT ["/usr/local/bin/{services[0]}"]')
    return test.lines, runtime.lines


def multistage(lines: int = 300, seed: int = 0) -> str:
    """A multi-stage Dockerfile of exactly ``lines`` lines for a Go monorepo.

    Shared stages first (an alpine base that downloads the modules; a Debian tools stage that
    installs code generators and runs them in a heredoc; the source stage; a lint stage), then
    one build stage per service (static builds with cache mounts, about one in four with cgo on
    Debian as an unprivileged user), a test stage that switches to the app user, and an alpine
    runtime stage that copies every binary in. Services are added while they fit; the lines
    left over become labels of the runtime image. Raises ValueError below about 70 lines.
    """
    rng = random.Random(seed * 1_000_003 + 999_983)
    org = rng.choice(ORGS)
    port = rng.choice(("8080", "8443", "9090"))
    head = _multistage_head(rng, org)
    names = _service_names(max(lines, 1))  # more than can ever fit
    builds: list[list[str]] = []

    def spare(count: int, extra: int = 0) -> int:
        test, runtime = _multistage_tail(names[: max(count, 1)], 0, org, port)
        used = len(head) + sum(map(len, builds)) + extra + len(test) + len(runtime)
        return lines - used

    while True:
        make = _cgo_build if rng.random() < 0.25 else _static_build
        candidate = make(rng, names[len(builds)])
        if builds and spare(len(builds) + 1, len(candidate)) < 0:
            break
        builds.append(candidate)
    left = spare(len(builds))
    if left < 0:
        raise ValueError(f"a multi-stage file needs at least {lines - left} lines, not {lines}")
    test, runtime = _multistage_tail(names[: len(builds)], left, org, port)
    body = [*head, *(line for build in builds for line in build), *test, *runtime]
    return "\n".join(body) + "\n"


def generate(count: int, seed: int = 0) -> list[GeneratedFile]:
    return [generate_file(index, seed) for index in range(count)]


def write_corpus(root: Path, count: int, seed: int = 0) -> Corpus:
    """Write ``count`` Dockerfiles below ``root`` (created if needed)."""
    files = generate(count, seed)
    for item in files:
        target = root / item.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.text.encode("utf-8"))
    return Corpus(
        root=root,
        paths=tuple(Path(item.name) for item in files),
        runs=sum(item.runs for item in files),
        lines=sum(item.lines for item in files),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("outdir", type=Path, help="directory to write the corpus into")
    parser.add_argument("--count", type=int, default=1000, help="number of files (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--multistage",
        type=int,
        metavar="LINES",
        help="write one multi-stage file of LINES lines to OUTDIR/Dockerfile instead",
    )
    args = parser.parse_args(argv)
    if args.multistage is not None:
        target = args.outdir / "Dockerfile"
        args.outdir.mkdir(parents=True, exist_ok=True)
        target.write_text(multistage(args.multistage, args.seed), encoding="utf-8")
        print(f"wrote {target} ({args.multistage} lines)")
        return 0
    corpus = write_corpus(args.outdir, args.count, args.seed)
    print(
        f"wrote {len(corpus.paths)} Dockerfiles ({corpus.lines} lines, {corpus.runs} RUN "
        f"instructions) below {corpus.root}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
