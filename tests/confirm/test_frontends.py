"""What the chosen builder's Dockerfile frontend reads, decided before any build."""

from __future__ import annotations

import pytest

from dockerlint_go.confirm.frontends import (
    builtin_frontend,
    engine_buildkit,
    frontend_gap,
    frontend_needs,
    parse_buildkit_version,
    syntax_frontend,
)
from dockerlint_go.model.parse import parse_dockerfile

HEREDOC = b"""FROM golang:1.22
RUN <<EOF
go version
EOF
COPY --link . /src
RUN --mount=type=cache,target=/go/pkg/mod go build ./...
"""


def _gap(
    text: bytes, buildkit: tuple[int, str] | None, *, offline: bool = False, present: bool = True
) -> str | None:
    return frontend_gap(
        parse_dockerfile(text), buildkit, offline=offline, image_exists=lambda _: present
    )


def test_needs_name_the_first_use_of_each_construct_in_line_order() -> None:
    needs = frontend_needs(parse_dockerfile(HEREDOC))
    assert [(n.what, n.line, n.since) for n in needs] == [
        ("heredocs", 2, (1, 4)),
        ("COPY --link", 5, (1, 4)),
        ("RUN --mount", 6, (1, 2)),
    ]


def test_a_plain_file_needs_nothing() -> None:
    assert frontend_needs(parse_dockerfile(b"FROM golang:1.22\nRUN go build ./...\n")) == []


@pytest.mark.parametrize(
    ("text", "minor"),
    [("v0.8+unknown", 8), ("v0.13.1", 13), ("0.20.2", 20), (" v0.11.6 ", 11), ("unknown", None)],
)
def test_buildkit_versions_as_buildx_prints_them(text: str, minor: int | None) -> None:
    assert parse_buildkit_version(text) == minor


@pytest.mark.parametrize(
    ("engine", "minor"),
    [
        ("20.10.24+dfsg1", 8),
        ("19.03.15", 6),
        ("23.0.6", 10),
        ("26.1.5", 13),
        ("28.2.2", 14),  # past the table: at least v0.14
        ("17.06.0-ce", None),
        ("not a version", None),
    ],
)
def test_the_buildkit_built_into_an_engine(engine: str, minor: int | None) -> None:
    found = engine_buildkit(engine)
    assert (found[0] if found else None) == minor


def test_engine_versions_are_spelled_as_docker_spells_them() -> None:
    assert engine_buildkit("20.10.24") == (8, "v0.8 (the Docker 20.10 engine)")
    assert engine_buildkit("23.0.1") == (10, "v0.10 (the Docker 23.0 engine)")
    assert engine_buildkit("28.0.0") == (14, "v0.14 or newer (the Docker 28.0 engine)")


@pytest.mark.parametrize(("buildkit", "frontend"), [(8, (1, 2)), (10, (1, 4)), (20, (1, 14))])
def test_the_builtin_frontend_follows_buildkit(buildkit: int, frontend: tuple[int, int]) -> None:
    assert builtin_frontend(buildkit) == frontend


@pytest.mark.parametrize(
    ("syntax", "version"),
    [
        ("docker/dockerfile:1.4", (1, 4)),
        ("docker/dockerfile:1.7-labs", (1, 7)),
        ("docker.io/docker/dockerfile:1.2.1", (1, 2)),
        ("docker/dockerfile:1", None),
        ("docker/dockerfile:1-labs", None),
        ("docker/dockerfile:latest", None),
        ("docker/dockerfile@sha256:" + "a" * 64, None),
        ("example.com/my/frontend:1.0", None),
        ("localhost:5000/dockerfile", None),
    ],
)
def test_the_frontend_a_syntax_line_names(syntax: str, version: tuple[int, int] | None) -> None:
    assert syntax_frontend(syntax) == (syntax, version)


def test_an_engine_frontend_without_heredocs_is_a_gap_naming_versions_and_lines() -> None:
    gap = _gap(HEREDOC, (8, "v0.8 (the Docker 20.10 engine)"))
    assert gap is not None
    assert gap.startswith(
        "the frontend built into BuildKit v0.8 (the Docker 20.10 engine) reads Dockerfile 1.2, "
        "which lacks heredocs (line 2), COPY --link (line 5); heredocs need Dockerfile 1.4 or "
        "newer (BuildKit v0.10, as in Docker 23.0)"
    )
    assert "# syntax=docker/dockerfile:1" in gap


def test_a_new_enough_frontend_or_an_unknown_one_is_no_gap() -> None:
    assert _gap(HEREDOC, (10, "v0.10")) is None
    assert _gap(HEREDOC, None) is None
    assert _gap(b"FROM golang:1.22\nRUN --mount=type=cache,target=/x go env\n", (8, "v0.8")) is None


def test_a_syntax_line_replaces_the_builtin_frontend() -> None:
    text = b"# syntax=docker/dockerfile:1\n" + HEREDOC
    assert _gap(text, (8, "v0.8")) is None
    old = b"# syntax=docker/dockerfile:1.3\n" + HEREDOC
    gap = _gap(old, None)
    assert gap is not None
    assert gap.startswith("the frontend image docker/dockerfile:1.3 reads Dockerfile 1.3")


def test_a_frontend_image_that_cannot_be_had_offline_is_a_gap() -> None:
    text = b"# syntax=docker/dockerfile:1\n" + HEREDOC
    gap = _gap(text, (8, "v0.8"), offline=True, present=False)
    assert gap is not None
    assert "frontend image docker/dockerfile:1" in gap
    assert "without the network" in gap
    assert _gap(text, (8, "v0.8"), offline=True, present=True) is None
    assert _gap(text, (8, "v0.8"), offline=False, present=False) is None
