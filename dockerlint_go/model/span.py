"""Source positions."""

from __future__ import annotations

from dockerlint_go.record import Record


class Span(Record, order=True):
    """A region of a source file.

    Lines and columns are 1-based; ``end_column`` is exclusive (the column just after the last
    character), as in SARIF regions.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def lines(cls, first: int, last: int, last_len: int) -> Span:
        """Span whole lines ``first``..``last``; ``last_len`` is the length of the last line."""
        return cls(first, 1, last, last_len + 1)
