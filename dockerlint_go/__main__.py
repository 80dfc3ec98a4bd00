"""``python -m dockerlint_go``: the same as the ``dockerlint-go`` command."""

from __future__ import annotations

from dockerlint_go.cli import main

raise SystemExit(main())
