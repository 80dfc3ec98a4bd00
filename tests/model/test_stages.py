"""The state fold: what each instruction sees before it runs."""

from __future__ import annotations

import textwrap

from dockerlint_go.model.fs import Origin
from dockerlint_go.model.gocmd import CacheWrite
from dockerlint_go.model.goenv import Origin as SettingOrigin
from dockerlint_go.model.parse import parse_dockerfile
from dockerlint_go.model.stages import DockerfileModel, Step, build_model


def _model(text: str) -> DockerfileModel:
    return build_model(parse_dockerfile(textwrap.dedent(text).lstrip("\n")))


def _step(model: DockerfileModel, line: int) -> Step:
    for stage in model.stages:
        for step in stage.steps:
            if step.line == line:
                return step
    raise AssertionError(f"no step at line {line}")


def test_official_image_defaults() -> None:
    model = _model(
        """
        FROM golang:1.22
        RUN go env
        """
    )
    state = _step(model, 2).before
    assert state.user.is_root is True
    assert state.workdir == "/go"
    go = state.go()
    assert (go.gopath, go.gomodcache, go.gocache) == ("/go", "/go/pkg/mod", "/root/.cache/go-build")
    assert go.gopath_origin is SettingOrigin.IMAGE
    assert state.fs.fact_for("/go") is not None


def test_unknown_image_is_unknown() -> None:
    model = _model(
        """
        FROM example.com/builder:1
        RUN go env
        """
    )
    state = _step(model, 2).before
    assert state.user.is_root is None
    go = state.go()
    assert go.gopath is None and go.gomodcache is None


def test_global_args_and_stage_scoping() -> None:
    model = _model(
        """
        ARG GO_VERSION=1.22
        ARG APP=svc
        FROM golang:${GO_VERSION} AS build
        ARG APP
        RUN echo $APP
        FROM alpine:3.20
        RUN echo $APP
        """
    )
    assert model.stages[0].base == "golang:1.22"
    assert model.stages[0].name == "build"
    assert _step(model, 5).before.args["APP"] == "svc"
    assert "APP" not in _step(model, 7).before.args


def test_env_expansion_with_defaults() -> None:
    model = _model(
        """
        FROM golang:1.22
        ARG CACHE_ROOT
        ENV GOMODCACHE=${CACHE_ROOT:-/cache}/mod GOFLAGS="-mod=mod -trimpath"
        ENV GOPATH=$HOME/go
        RUN go env
        """
    )
    state = _step(model, 5).before
    assert state.env["GOMODCACHE"] == "/cache/mod"
    assert state.env["GOFLAGS"] == "-mod=mod -trimpath"
    # HOME is not an ENV variable at build time: it expands to nothing.
    assert state.env["GOPATH"] == "/go"
    assert state.go().gomodcache_set is True


def test_user_switch_and_home() -> None:
    model = _model(
        """
        FROM golang:1.22
        RUN useradd -m -u 1001 app
        USER app:app
        RUN go env
        """
    )
    user = _step(model, 4).before.user
    assert (user.name, user.uid, user.home, user.line, user.is_root) == (
        "app",
        1001,
        "/home/app",
        3,
        False,
    )
    fact = _step(model, 4).before.fs.fact_for("/home/app")
    assert fact is not None and fact.owner == "app" and fact.origin is Origin.HOME


def test_from_stage_inherits_final_state() -> None:
    model = _model(
        """
        FROM golang:1.22 AS base
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        ENV GOFLAGS=-mod=vendor
        FROM base
        RUN go build ./...
        """
    )
    state = _step(model, 7).before
    assert model.stages[1].parent == 0
    assert state.user.name == "app"
    assert state.workdir == "/home/app/src"
    assert state.env["GOFLAGS"] == "-mod=vendor"
    assert model.chain(model.stages[1])[0].line == 1


def test_workdir_created_by_current_user() -> None:
    model = _model(
        """
        FROM golang:1.22
        WORKDIR /app
        RUN useradd -m app
        USER app
        WORKDIR /home/app/src
        RUN true
        """
    )
    fs = _step(model, 6).before.fs
    app_dir = fs.fact_for("/app")
    src_dir = fs.fact_for("/home/app/src")
    assert app_dir is not None and app_dir.owner == "root"
    assert src_dir is not None and src_dir.owner == "app"


def test_copy_facts_and_chown() -> None:
    model = _model(
        """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY --chown=app:app . .
        RUN chown -R nobody /src/vendor
        RUN true
        """
    )
    fs = _step(model, 6).before.fs
    go_mod = fs.fact_for("/src/go.mod")
    assert go_mod is not None and go_mod.owner == "app" and go_mod.line == 4
    vendor = fs.fact_for("/src/vendor/modules.txt")
    assert vendor is not None and vendor.owner == "nobody"
    copy = _step(model, 3).copy
    assert copy is not None and copy.sources == ("go.mod", "go.sum") and copy.dest == "/src"
    assert copy.from_context


def test_go_runs_with_user_cwd_env_and_mounts() -> None:
    model = _model(
        """
        FROM golang:1.22
        WORKDIR /src
        RUN useradd -m app
        RUN --mount=type=cache,target=/go/pkg/mod cd cmd && GOFLAGS=-mod=mod go build -o /out/x .
        RUN sudo -u app go get example.com/x@v1
        """
    )
    (build,) = _step(model, 4).go
    assert build.cwd == "/src/cmd"
    assert build.cache_mount is not None
    assert build.env.goflags == "-mod=mod"
    assert build.line == 4
    (get,) = _step(model, 5).go
    assert get.user.name == "app"
    assert get.go.cache is CacheWrite.MUST


def test_root_download_fills_cache_and_cache_mount_does_not() -> None:
    model = _model(
        """
        FROM golang:1.22
        RUN --mount=type=cache,target=/go/pkg/mod go mod download
        RUN true
        RUN go mod download
        RUN true
        """
    )
    assert _step(model, 3).before.fs.fact_for("/go/pkg/mod/cache") is None
    fact = _step(model, 5).before.fs.fact_for("/go/pkg/mod/cache")
    assert fact is not None and fact.origin is Origin.MODULE_CACHE and fact.owner == "root"
    assert fact.line == 4


def test_cmd_runs_with_final_user() -> None:
    model = _model(
        """
        FROM golang:1.22
        CMD ["go", "run", "."]
        RUN useradd -m app
        USER app
        """
    )
    (run,) = _step(model, 2).go
    assert run.user.name == "app"


def test_heredoc_run_lines() -> None:
    model = _model(
        """
        FROM golang:1.22
        RUN <<EOF
        set -e
        go mod download
        EOF
        """
    )
    (run,) = _step(model, 2).go
    assert run.line == 4


def test_chmod_makes_world_writable() -> None:
    model = _model(
        """
        FROM debian:bookworm
        RUN mkdir -p /opt/cache && chmod 1777 /opt/cache
        RUN true
        """
    )
    fact = _step(model, 3).before.fs.fact_for("/opt/cache")
    assert fact is not None and fact.mode == 0o1777 and fact.owner == "root"
