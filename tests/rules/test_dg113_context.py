"""DG113 cgo-binary-in-static-image with real build contexts: the imports of the built program
decide between an error (a cgo import is visible), a warning (it cannot be told) and silence
(every import is known to be free of cgo). Each case declares its context files in leading
comments, as the rule docs do (``# main.go in the build context:`` and the file's lines under
``#   ``); the name-only table is cases_dg113.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dockerlint_go.api import lint_paths, lint_text
from dockerlint_go.contexts import ContextReader
from dockerlint_go.model.goimports import file_imports
from dockerlint_go.rules import dg113_cgo_binary_in_static_image
from tests.rules._cases import Case, context_files

DG113 = dg113_cgo_binary_in_static_image.RULE
REPO = Path(__file__).resolve().parents[2]
_GOMOD = "module example.com/app\n\ngo 1.22\n"


def _lint(case: Case, root: Path) -> list[tuple[int, str, str, str | None]]:
    text = case.text
    files = {"go.mod": _GOMOD, **context_files(text), "Dockerfile": text}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    context = ContextReader().view(str(root), str(root / "Dockerfile"))
    result = lint_text(text, "Dockerfile", rules=[DG113], context=context)
    return [(f.span.line, f.severity.value, f.message, f.fix) for f in result.findings]


CASES = (
    Case(
        "net-http-import-is-an-error",
        """
        # main.go in the build context:
        #   package main
        #
        #   import (
        #   	"fmt"
        #   	"net/http" // the cgo resolver comes with net
        #   )
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY go.mod ./
        COPY . .
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static-debian12:nonroot
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((14, "error"),),
        ('main.go imports "net/http"', "linked dynamically against glibc", "CGO_ENABLED=0"),
    ),
    Case(
        "program-without-cgo-packages-is-static",
        """
        # main.go in the build context:
        #   package main
        #
        #   import (
        #   	"encoding/json"
        #   	"fmt"
        #   	"os"
        #   )
        #
        #   func main() { _ = json.Valid; fmt.Println(os.Args) }
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "os-user-in-a-module-package-is-an-error",
        """
        # cmd/app/main.go in the build context:
        #   package main
        #
        #   import "example.com/app/internal/who"
        #
        #   func main() { who.Print() }
        # internal/who/who.go in the build context:
        #   package who
        #
        #   import (
        #   	"fmt"
        #   	"os/user"
        #   )
        FROM golang:1.22-bookworm AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app ./cmd/app
        FROM alpine:3.20
        COPY --from=build /out/app /usr/local/bin/app
        ENTRYPOINT ["app"]
        """,
        ((19, "error"),),
        ('internal/who/who.go imports "os/user"', "alpine:3.20 has musl"),
    ),
    Case(
        "unvendored-dependency-warns",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "github.com/go-chi/chi/v5"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((10, "warning"),),
        ("main.go imports github.com/go-chi/chi/v5, whose source is not sent",),
    ),
    Case(
        "import-c-with-netgo-osusergo-is-an-error",
        """
        # main.go in the build context:
        #   package main
        #
        #   // #include <stdlib.h>
        #   import "C"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -tags netgo,osusergo -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((11, "error"),),
        ('main.go imports "C"', "-linkmode external"),
    ),
    Case(
        "import-c-linked-with-extldflags-static-is-silent",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "C"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -ldflags '-extldflags "-static"' -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "net-with-netgo-osusergo-is-silent",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "net/http"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -tags netgo,osusergo -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "net-with-cgo-off-is-silent",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "net/http"
        FROM golang:1.22 AS build
        ENV CGO_ENABLED=0
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "net-on-an-alpine-builder-without-gcc-is-silent",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "net/http"
        FROM golang:1.22-alpine AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "net-only-in-a-windows-file-is-static",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "fmt"
        # svc_windows.go in the build context:
        #   package main
        #
        #   import "net"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
    ),
    Case(
        "net-under-a-build-constraint-warns",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "fmt"
        # probe.go in the build context:
        #   //go:build probe
        #
        #   package main
        #
        #   import "net"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((16, "warning"),),
        ("probe.go imports net under a build constraint",),
    ),
    Case(
        "vendored-dependency-using-net-is-an-error",
        """
        # main.go in the build context:
        #   package main
        #
        #   import "github.com/acme/client"
        # vendor/modules.txt in the build context:
        #   # github.com/acme/client v1.0.0
        #   ## explicit
        #   github.com/acme/client
        # vendor/github.com/acme/client/client.go in the build context:
        #   package client
        #
        #   import "crypto/tls"
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
        FROM scratch
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """,
        ((18, "error"),),
        ('vendor/github.com/acme/client/client.go imports "crypto/tls"',),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dg113_with_context(case: Case, tmp_path: Path) -> None:
    found = _lint(case, tmp_path)
    assert sorted(f[:2] for f in found) == sorted(case.expect), found
    for fragment in case.message_has:
        assert fragment in found[0][2] + " " + (found[0][3] or ""), found


def test_every_finding_has_a_fix(tmp_path: Path) -> None:
    for number, case in enumerate(CASES):
        for finding in _lint(case, tmp_path / str(number)):
            assert finding[3], f"{case.id}: no fix"


def test_realworld_file_turned_dynamic(tmp_path: Path) -> None:
    """orders-api without CGO_ENABLED=0 and with an HTTP server is the failure this rule is
    about; its fmt-only program stays static, so the unchanged copy is silent."""
    root = tmp_path / "orders-api"
    shutil.copytree(REPO / "fixtures" / "realworld" / "orders-api", root)
    dockerfile = root / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("CGO_ENABLED=0 ", ""))
    result = lint_paths([str(dockerfile)], cwd=tmp_path, rules=[DG113])
    assert result.findings == ()
    (root / "cmd" / "orders-api" / "main.go").write_text(
        'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe }\n'
    )
    result = lint_paths([str(dockerfile)], cwd=tmp_path, rules=[DG113])
    assert [(f.span.line, f.severity.value) for f in result.findings] == [(15, "error")]


@pytest.mark.parametrize(
    ("text", "imports", "constrained"),
    [
        ('package main\nimport "fmt"\n', ("fmt",), False),
        (
            '// +build linux\n\npackage x\n\nimport (\n\tn "net"\n\t_ "embed"\n)\n',
            ("net", "embed"),
            True,
        ),
        (
            'package x\n/* import "net" */\nimport "os"\nfunc f() { s := `import "net"` }\n',
            ("os",),
            False,
        ),
        ('package x\n\nimport "a"\nimport (\n"b"; "c"\n)\n', ("a", "b", "c"), False),
    ],
)
def test_file_imports(text: str, imports: tuple[str, ...], constrained: bool) -> None:
    assert file_imports(text) == (imports, constrained)


def test_a_stage_that_copies_from_itself_is_followed_once() -> None:
    # Found by fuzzing: a repeated stage name makes a stage copy from itself, and each such
    # COPY was followed again at every level of the walk (20 copies, 7 levels: 20**7 paths).
    from dockerlint_go.api import lint_text
    from dockerlint_go.rules import ALL_RULES

    lines = ["FROM golang:1.22 AS build", "RUN go build -o /out/app ."]
    lines += [f"COPY --from=build /out /out{n}" for n in range(20)]
    lines += ["FROM scratch", "COPY --from=build /out/app /app", 'ENTRYPOINT ["/app"]']
    rule = next(r for r in ALL_RULES if r.code == "DG113")
    result = lint_text("\n".join(lines) + "\n", rules=[rule])
    assert [f.span.line for f in result.findings] == [len(lines) - 1]
