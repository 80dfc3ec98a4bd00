"""The stage graph and the build-state fold (to be written)."""

from __future__ import annotations

from dataclasses import dataclass

from dockerlint_go.model.parse import ParsedDockerfile


@dataclass(frozen=True, slots=True)
class DockerfileModel:
    parsed: ParsedDockerfile


def build_model(parsed: ParsedDockerfile) -> DockerfileModel:
    raise NotImplementedError
