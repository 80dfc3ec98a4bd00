"""``--confirm``: prove findings with real Docker builds.

Importing this package does not import the Docker SDK: that happens when a confirmation runs.
"""

from __future__ import annotations

from dockerlint_go.confirm._docker import EngineUnavailable
from dockerlint_go.confirm.engine import (
    CONFIRMABLE,
    BuildSource,
    ConfirmRequest,
    confirm_dockerfile,
    confirm_result,
    mark_inconclusive,
)
from dockerlint_go.confirm.progress import Progress, make_progress

__all__ = [
    "CONFIRMABLE",
    "BuildSource",
    "ConfirmRequest",
    "EngineUnavailable",
    "Progress",
    "confirm_dockerfile",
    "confirm_result",
    "make_progress",
    "mark_inconclusive",
]
