"""``--fix --confirm``: build the Dockerfile before and after its fixes, and say per fix whether
the problem was real before and is gone after.

Both versions are built from a temporary copy of the build context (the confirm engine copies
it again; the user's files are never built in place). Before: the recipe of each fixed finding
runs on the original file, at the finding's line. After: the same recipe runs on the fixed file
as a whole (line 0), which is how confirm mode shows that a file does not have a problem.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dockerlint_go.confirm.engine import (
    CONFIRMABLE,
    BuildSource,
    ConfirmRequest,
    confirm_dockerfile,
)
from dockerlint_go.confirm.progress import Progress
from dockerlint_go.findings import Confirmation, ConfirmStatus
from dockerlint_go.fixer import Applied
from dockerlint_go.record import Record

__all__ = ["FixProof", "prove_fixes"]


class FixProof(Record):
    code: str
    line: int  # of the finding in the original file
    title: str
    before: Confirmation
    after: Confirmation

    @property
    def proven(self) -> bool:
        """Confirmed before the fix and not after it: the fixed image builds without it."""
        return (
            self.before.status is ConfirmStatus.CONFIRMED
            and self.after.status is ConfirmStatus.NOT_CONFIRMED
        )

    def describe(self) -> str:
        before, after = self.before, self.after
        return (
            f"{self.code} at line {self.line} ({self.title}): before the fix "
            f"{before.status.value} ({before.evidence}); after it {after.status.value} "
            f"({after.evidence})"
        )


def prove_fixes(
    original: bytes,
    fixed: bytes,
    context: Path,
    applied: Sequence[Applied],
    *,
    offline: bool,
    timeout: float,
    progress: Progress | None = None,
) -> list[FixProof]:
    """One :class:`FixProof` per applied fix of a confirmable rule, in the order applied."""
    wanted = [a for a in applied if a.code in CONFIRMABLE]
    if not wanted:
        return []
    root = Path(tempfile.mkdtemp(prefix="dockerlint-go-fix-"))
    try:
        before_file = root / "Dockerfile.before"
        after_file = root / "Dockerfile.after"
        before_file.write_bytes(original)
        after_file.write_bytes(fixed)
        before = confirm_dockerfile(
            BuildSource(before_file, context),
            [ConfirmRequest(a.code, a.line) for a in wanted],
            offline=offline,
            timeout=timeout,
            progress=progress,
        )
        after = confirm_dockerfile(
            BuildSource(after_file, context),
            [ConfirmRequest(a.code) for a in wanted],
            offline=offline,
            timeout=timeout,
            progress=progress,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return [
        FixProof(a.code, a.line, a.title, b, f)
        for a, b, f in zip(wanted, before, after, strict=True)
    ]
