"""The image's Go version, module marks and module mode, as the fold computes them."""

from __future__ import annotations

import textwrap

import pytest

from dockerlint_go.model.images import ImageGo, image_go, parse_version
from dockerlint_go.model.modules import MarkSource, ModuleMode, remote_target
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.shell import Command
from dockerlint_go.model.stages import GoRun, build_model


def _runs(text: str) -> list[GoRun]:
    model = build_model(parse_dockerfile(textwrap.dedent(text).lstrip("\n")))
    return [run for stage in model.stages for step in stage.steps for run in step.go]


@pytest.mark.parametrize(
    ("ref", "version", "recent"),
    [
        ("golang:1.22", (1, 22), False),
        ("golang:1.22.3-alpine3.19", (1, 22, 3), False),
        ("golang:1.21-bookworm", (1, 21), False),
        ("docker.io/library/golang:1.10", (1, 10), False),
        ("golang:1.22@sha256:0123", (1, 22), False),
        ("mirror.example.com/library/golang:1.20", (1, 20), False),
        ("golang:1.21rc2", (1, 21), False),
        ("golang", None, True),
        ("golang:latest", None, True),
        ("golang:alpine", None, True),
        ("golang:1", None, True),
        ("golang:1-bookworm", None, True),
        ("debian:bookworm", None, False),
        ("example.com/golang-builder:1.22", None, False),
    ],
)
def test_image_go_from_the_reference(
    ref: str, version: tuple[int, ...] | None, recent: bool
) -> None:
    found = image_go(ref)
    assert (found.version, found.recent) == (version, recent)


def test_recent_means_at_least_the_floor_and_unknown_above_it() -> None:
    recent = ImageGo(recent=True)
    assert recent.at_least(16) is True
    assert recent.at_least(30) is None
    assert ImageGo().at_least(11) is None
    assert ImageGo((1, 12)).at_least(13) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.22", (1, 22)),
        ("1.22.3", (1, 22, 3)),
        ("go1.21.0", (1, 21, 0)),
        ("1.21rc2", (1, 21)),
        ("1.9", (1, 9)),
        ("2.0", None),
        ("1.x", None),
        ("1", None),
        ("latest", None),
        ("1.022", None),
    ],
)
def test_parse_version(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_version(text) == expected


def test_version_from_arg_in_from_and_stage_inheritance() -> None:
    runs = _runs(
        """
        ARG GO_VERSION=1.12
        FROM golang:${GO_VERSION}-alpine AS base
        FROM base AS build
        WORKDIR /go/src/example.com/app
        COPY . .
        RUN go build .
        """
    )
    assert runs[0].mode is ModuleMode.GOPATH  # Go 1.12 inside $GOPATH/src
    assert "inside $GOPATH/src" in runs[0].mode_reason


def test_version_from_golang_version_env_and_toolchain_archive() -> None:
    runs = _runs(
        """
        FROM debian:bookworm
        ENV GOLANG_VERSION=1.10.8
        WORKDIR /src
        COPY . .
        RUN go build .
        RUN curl -fsSL https://go.dev/dl/go1.22.3.linux-amd64.tar.gz | tar -C /usr/local -xz
        RUN go build .
        """
    )
    assert [r.mode for r in runs] == [ModuleMode.GOPATH, ModuleMode.MODULE]


def test_distribution_package_version() -> None:
    runs = _runs(
        """
        FROM debian:bullseye
        RUN apt-get update && apt-get install -y golang-go
        WORKDIR /src
        COPY main.go .
        RUN go build main.go
        """
    )
    # Go 1.15 from bullseye, no go.mod: GOPATH mode (auto).
    assert runs[0].mode is ModuleMode.GOPATH


def test_unknown_image_without_go_mod_is_unknown_mode() -> None:
    [run] = _runs("FROM example.com/builder\nCOPY main.go .\nRUN go build main.go\n")
    assert run.mode is ModuleMode.UNKNOWN


@pytest.mark.parametrize(
    ("setting", "mode"),
    [
        ("ENV GO111MODULE=off", ModuleMode.GOPATH),
        ("ENV GO111MODULE=on", ModuleMode.MODULE),
        ("ENV GO111MODULE=auto", ModuleMode.GOPATH),  # auto and no go.mod
        ("ARG GO111MODULE=off", ModuleMode.GOPATH),
        ("", ModuleMode.MODULE),  # Go 1.22 default
    ],
)
def test_go111module_settings(setting: str, mode: ModuleMode) -> None:
    runs = _runs(f"FROM golang:1.22\n{setting}\nWORKDIR /src\nCOPY main.go .\nRUN go build .\n")
    assert runs[0].mode is mode


def test_arg_does_not_reach_cmd() -> None:
    runs = _runs(
        """
        FROM golang:1.22
        ARG GO111MODULE=off
        WORKDIR /src
        COPY . .
        RUN go build .
        CMD ["go", "run", "."]
        """
    )
    assert [r.mode for r in runs] == [ModuleMode.GOPATH, ModuleMode.MODULE]


def test_versioned_install_is_module_mode_without_go_mod() -> None:
    [run] = _runs("FROM golang:1.22\nRUN go install example.com/tool@v1.0.0\n")
    assert run.mode is ModuleMode.MODULE
    assert run.module is None
    assert not run.main_module


def test_module_marks_from_init_clone_and_stage_copy() -> None:
    runs = _runs(
        """
        FROM golang:1.22 AS a
        WORKDIR /a
        RUN go mod init example.com/a && go build .
        RUN git clone --branch v1 https://example.com/b.git /b && cd /b/cmd/b && go build .
        FROM golang:1.22
        COPY --from=a /b /src
        WORKDIR /src
        RUN go build .
        """
    )
    sources = [(r.module.source if r.module else None) for r in runs if r.go.verb == "build"]
    assert sources == [MarkSource.INIT, MarkSource.REMOTE, MarkSource.STAGE]
    assert runs[-1].module is not None and runs[-1].module.dir == "/src"


def test_go_dash_c_looks_for_the_module_in_that_directory() -> None:
    runs = _runs(
        """
        FROM golang:1.22
        COPY go.mod go.sum /src/svc/
        RUN go -C /src/svc build -o /out/svc .
        RUN go build -o /out/x .
        """
    )
    assert runs[0].module is not None and runs[0].module.dir == "/src/svc"
    assert runs[1].module is None  # WORKDIR /go: no go.mod there


@pytest.mark.parametrize(
    ("argv", "cwd", "expected"),
    [
        (("git", "clone", "https://example.com/org/repo.git"), "/src", "/src/repo"),
        (("git", "clone", "-b", "main", "https://example.com/r.git", "app"), "/src", "/src/app"),
        (("git", "clone", "git@example.com:org/svc.git"), "/", "/svc"),
        (("tar", "-xzf", "/tmp/a.tgz", "-C", "/opt/src"), "/", "/opt/src"),
        (("tar", "xzf", "a.tgz"), "/work", "/work"),
        (("tar", "--extract", "--directory=/x", "-f", "a.tar"), "/", "/x"),
        (("tar", "-czf", "out.tgz", "."), "/src", None),
        (("unzip", "src.zip", "-d", "/src"), "/", "/src"),
        (("git", "status"), "/", None),
        (("git", "clone", "https://example.com/r.git"), None, None),
    ],
)
def test_remote_target(argv: tuple[str, ...], cwd: str | None, expected: str | None) -> None:
    command = Command(argv=argv, env=(), user=None, cwd=None, line=0)
    assert remote_target(command, cwd) == expected


def test_official_images_from_1_21_set_gotoolchain_local() -> None:
    new = build_model(parse_dockerfile("FROM golang:1.21\n")).stages[0].final
    old = build_model(parse_dockerfile("FROM golang:1.20\n")).stages[0].final
    assert new.env.get("GOTOOLCHAIN") == "local"
    assert "GOTOOLCHAIN" not in old.env
