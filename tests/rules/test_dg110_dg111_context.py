"""DG110 replace-outside-context and DG111 dockerignore-drops-go-input, with real build contexts.

Both rules read go.mod and the ignore file, so their cases write a small context directory and
lint the Dockerfile in it through the file API, as test_context_cases.py does. The name-only
tables (cases_dg110.py, cases_dg111.py) only show that the rules stay silent without a context.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from dockerlint_go.api import lint_paths
from dockerlint_go.model.dockerignore import parse_dockerignore
from dockerlint_go.rules import dg110_replace_outside_context, dg111_dockerignore_drops_go_input

DG110 = dg110_replace_outside_context.RULE
DG111 = dg111_dockerignore_drops_go_input.RULE

GO_SUM = "github.com/google/uuid v1.6.0 h1:x\ngithub.com/google/uuid v1.6.0/go.mod h1:y\n"
MAIN = "package main\n\nfunc main() {}\n"
SHARED_MOD = "module example.com/shared\n\ngo 1.22\n"
GO_MOD = "module example.com/shop\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n"


def _gomod(replace: str = "./shared", go: str = "1.22") -> str:
    return (
        f"module example.com/shop\n\ngo {go}\n\n"
        "require (\n\tgithub.com/google/uuid v1.6.0\n\texample.com/shared v0.0.0\n)\n\n"
        f"replace example.com/shared => {replace}\n"
    )


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def _lint(root: Path, rule: object, dockerfile: str = "Dockerfile") -> list[tuple[int, str, str]]:
    result = lint_paths([dockerfile], cwd=root, rules=[rule])  # type: ignore[list-item]
    return [(f.span.line, f.severity.value, f.message) for f in result.findings]


def _lines(found: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    return [(line, severity) for line, severity, _ in found]


def _shop(root: Path, replace: str = "./shared", **extra: str) -> None:
    files = {
        "go.mod": _gomod(replace),
        "go.sum": GO_SUM,
        "main.go": MAIN,
        "shared/go.mod": SHARED_MOD,
        "shared/shared.go": "package shared\n",
    }
    files.update(extra)
    _write(root, files)


DOWNLOAD_FIRST = """
    FROM golang:1.22
    WORKDIR /src
    COPY go.mod go.sum ./
    RUN go mod download
    COPY . .
    RUN go build -o /out/shop .
"""

# --- DG110 -----------------------------------------------------------------------------------


def test_dg110_replace_outside_the_context(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    _shop(
        root, "../shared", Dockerfile="FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n"
    )
    found = _lint(root, DG110)
    assert _lines(found) == [(4, "error")]
    message = found[0][2]
    assert "go.mod:10 replaces example.com/shared with '../shared'" in message
    assert "outside the build context" in message
    assert "replacement directory ../shared does not exist" in message


def test_dg110_outside_with_mod_download_names_its_error(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    _shop(root, "../shared", Dockerfile=DOWNLOAD_FIRST)
    found = _lint(root, DG110)
    assert _lines(found) == [(4, "error")]
    assert "reading ../shared/go.mod: no such file or directory" in found[0][2]


def test_dg110_inside_but_copied_after_the_download(tmp_path: Path) -> None:
    _shop(tmp_path, Dockerfile=DOWNLOAD_FIRST)
    found = _lint(tmp_path, DG110)
    assert _lines(found) == [(4, "error")]
    assert "no COPY before it brings that directory to /src/shared" in found[0][2]


def test_dg110_replaced_go_mod_copied_first_is_silent(tmp_path: Path) -> None:
    dockerfile = DOWNLOAD_FIRST.replace(
        "COPY go.mod go.sum ./\n", "COPY go.mod go.sum ./\n    COPY shared/go.mod shared/\n"
    )
    _shop(tmp_path, Dockerfile=dockerfile)
    assert _lint(tmp_path, DG110) == []


def test_dg110_copy_all_is_silent(tmp_path: Path) -> None:
    _shop(tmp_path, Dockerfile="FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n")
    assert _lint(tmp_path, DG110) == []


def test_dg110_missing_directory_in_the_context(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "go.mod": _gomod("./libs/shared"),
            "main.go": MAIN,
            "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n",
        },
    )
    found = _lint(tmp_path, DG110)
    assert _lines(found) == [(4, "error")]
    assert "'libs/shared' does not exist in the build context" in found[0][2]


def test_dg110_vendored_build_is_silent(tmp_path: Path) -> None:
    _shop(
        tmp_path,
        "../shared",
        **{"vendor/modules.txt": "# example.com/shared v0.0.0 => ../shared\n"},
        Dockerfile="FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n",
    )
    assert _lint(tmp_path, DG110) == []


def test_dg110_explicit_mod_vendor_is_silent(tmp_path: Path) -> None:
    _shop(
        tmp_path,
        "../shared",
        Dockerfile="FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor .\n",
    )
    assert _lint(tmp_path, DG110) == []


def test_dg110_multi_stage_reports_each_stage_once(tmp_path: Path) -> None:
    dockerfile = """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN go mod download

        FROM deps AS build
        COPY . .
        RUN go build -o /out/shop .

        FROM deps AS test
        COPY . .
        RUN go test ./...
    """
    _shop(tmp_path, Dockerfile=dockerfile)
    assert _lines(_lint(tmp_path, DG110)) == [(4, "error")]


def test_dg110_arg_expanded_copy_source(tmp_path: Path) -> None:
    dockerfile = """
        FROM golang:1.22
        ARG LIB=shared
        WORKDIR /src
        COPY go.mod go.sum ./
        COPY ${LIB}/go.mod ${LIB}/
        RUN go mod download
    """
    _shop(tmp_path, Dockerfile=dockerfile)
    assert _lint(tmp_path, DG110) == []
    _write(tmp_path, {"Dockerfile": dockerfile.replace("LIB=shared", "LIB=other")})
    assert _lines(_lint(tmp_path, DG110)) == [(6, "error")]


def test_dg110_ignored_directory_not_named_by_any_copy(tmp_path: Path) -> None:
    dockerfile = """
        FROM golang:1.22
        WORKDIR /src
        COPY go.mod go.sum main.go ./
        RUN go build .
    """
    _shop(tmp_path, Dockerfile=dockerfile, **{".dockerignore": "*.md\nshared\n"})
    found = _lint(tmp_path, DG110)
    assert _lines(found) == [(4, "error")]
    assert ".dockerignore:2 ('shared') also leaves it out" in found[0][2]


def test_dg110_ignored_directory_under_copy_all_is_left_to_dg111(tmp_path: Path) -> None:
    dockerfile = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n"
    _shop(tmp_path, Dockerfile=dockerfile, **{".dockerignore": "shared\n"})
    assert _lint(tmp_path, DG110) == []
    assert _lines(_lint(tmp_path, DG111)) == [(3, "error")]


def test_dg110_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    dockerfile = "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum main.go ./\nRUN go build .\n"
    _shop(
        tmp_path,
        **{
            ".dockerignore": "*.md\n",
            "build.Dockerfile": dockerfile,
            "build.Dockerfile.dockerignore": "# generated\nshared/\n",
        },
    )
    found = _lint(tmp_path, DG110, "build.Dockerfile")
    assert _lines(found) == [(4, "error")]
    assert "build.Dockerfile.dockerignore:2 ('shared')" in found[0][2]


def test_dg110_go_work_replace(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(
        tmp_path,
        {
            "go.work": "go 1.22\n\nuse ./svc\n\nreplace example.com/x => ../x\n",
            "svc/go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire example.com/x v0.0.0\n",
            "svc/main.go": MAIN,
            "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd svc && go build .\n",
        },
    )
    found = _lint(tmp_path, DG110)
    assert _lines(found) == [(4, "error")]
    assert "go.work:5 replaces example.com/x with '../x'" in found[0][2]


def test_dg110_replace_of_a_module_not_required_is_silent(tmp_path: Path) -> None:
    # go applies a replace only to a module of the build list: a stale one is harmless.
    _write(
        tmp_path,
        {
            "go.mod": GO_MOD + "\nreplace example.com/old => ../old\n",
            "main.go": MAIN,
            "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n",
        },
    )
    assert _lint(tmp_path, DG110) == []


def test_dg110_without_replace_is_silent(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "go.mod": "module example.com/shop\n\ngo 1.22\n",
            "main.go": MAIN,
            "Dockerfile": DOWNLOAD_FIRST.replace("go.mod go.sum", "go.mod"),
        },
    )
    assert _lint(tmp_path, DG110) == []


def test_deciding_names_the_line_that_drops_a_path() -> None:
    rules = parse_dockerignore("*\n!go.mod\n# comment\nvendor\n!vendor/modules.txt\n")
    found = rules.deciding("go.sum")
    assert found is not None and (found.line, found.text) == (1, "*")
    assert rules.deciding("go.mod") is None
    deciding = rules.deciding("vendor/a/b.go")
    assert deciding is not None and deciding.line == 4
    assert rules.deciding("vendor/modules.txt") is None
    for path in ("go.sum", "go.mod", "vendor/a/b.go", "vendor/modules.txt", "x/y"):
        assert (rules.deciding(path) is not None) == rules.ignored(path)


# --- DG111 -----------------------------------------------------------------------------------

COPY_ALL = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/shop .\n"


def _module(
    root: Path, ignore: str | None = None, dockerfile: str = COPY_ALL, **extra: str
) -> None:
    files = {"go.mod": GO_MOD, "go.sum": GO_SUM, "main.go": MAIN, "Dockerfile": dockerfile}
    if ignore is not None:
        files[".dockerignore"] = ignore
    files.update(extra)
    _write(root, files)


def test_dg111_go_sum_dropped_by_a_glob(tmp_path: Path) -> None:
    _module(tmp_path, ".git\n*.sum\n")
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    message = found[0][2]
    assert "COPY at line 3 copies '.', which would include 'go.sum'" in message
    assert ".dockerignore:2 ('*.sum')" in message
    assert "missing go.sum entry" in message


def test_dg111_go_sum_named_by_the_copy(tmp_path: Path) -> None:
    dockerfile = "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n"
    _module(tmp_path, "go.sum\n", dockerfile)
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    assert "names 'go.sum'" in found[0][2] and '"/go.sum": not found' in found[0][2]


def test_dg111_go_sum_through_a_copy_glob(tmp_path: Path) -> None:
    dockerfile = (
        "FROM golang:1.22\nWORKDIR /src\nCOPY go.* ./\nRUN go mod download\n"
        "COPY main.go ./\nRUN go build -o /app .\n"
    )
    _module(tmp_path, "go.sum\n", dockerfile)
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    assert "copies 'go.*', which would include 'go.sum'" in found[0][2]
    assert "`go build -o /app .` at line 6 fails" in found[0][2]


def test_dg111_go_sum_with_only_a_download_is_a_warning(tmp_path: Path) -> None:
    # `go mod download` passes without go.sum; nothing here loads packages.
    dockerfile = "FROM golang:1.22\nWORKDIR /src\nCOPY go.* ./\nRUN go mod download\n"
    _module(tmp_path, "go.sum\n", dockerfile)
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "warning")]
    assert "none is visible here" in found[0][2]


def test_dg111_arg_expanded_source(tmp_path: Path) -> None:
    dockerfile = (
        "FROM golang:1.22\nARG SUMS=go.sum\nWORKDIR /src\nCOPY go.mod ${SUMS} ./\n"
        "RUN go mod download\n"
    )
    _module(tmp_path, "go.sum\n", dockerfile)
    assert _lines(_lint(tmp_path, DG111)) == [(4, "error")]


def test_dg111_reincluded_file_is_silent(tmp_path: Path) -> None:
    _module(tmp_path, "*.sum\n!go.sum\n")
    assert _lint(tmp_path, DG111) == []


def test_dg111_allow_list_that_forgets_go_sum(tmp_path: Path) -> None:
    _module(tmp_path, "*\n!go.mod\n!**/*.go\n")
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    assert ".dockerignore:1 ('*')" in found[0][2]
    _write(tmp_path, {".dockerignore": "*\n!go.mod\n!go.sum\n!**/*.go\n"})
    assert _lint(tmp_path, DG111) == []


def test_dg111_module_without_requirements_does_not_need_go_sum(tmp_path: Path) -> None:
    _module(tmp_path, "go.sum\n", **{"go.mod": "module example.com/shop\n\ngo 1.22\n"})
    assert _lint(tmp_path, DG111) == []


def test_dg111_no_ignore_file_is_silent(tmp_path: Path) -> None:
    _module(tmp_path)
    assert _lint(tmp_path, DG111) == []


def test_dg111_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    _module(tmp_path, "go.sum\n", **{"build.Dockerfile": COPY_ALL})
    _write(tmp_path, {"build.Dockerfile.dockerignore": ".git\n"})
    assert _lint(tmp_path, DG111, "build.Dockerfile") == []
    assert _lines(_lint(tmp_path, DG111)) == [(3, "error")]
    _write(
        tmp_path, {".dockerignore": ".git\n", "build.Dockerfile.dockerignore": "# ours\ngo.sum\n"}
    )
    found = _lint(tmp_path, DG111, "build.Dockerfile")
    assert _lines(found) == [(3, "error")]
    assert "build.Dockerfile.dockerignore:2 ('go.sum')" in found[0][2]


def test_dg111_vendored_build_does_not_need_go_sum(tmp_path: Path) -> None:
    _module(tmp_path, "go.sum\n", **{"vendor/modules.txt": "# github.com/google/uuid v1.6.0\n"})
    assert _lint(tmp_path, DG111) == []


def test_dg111_vendor_dropped_when_go_would_only_use_it_by_default(tmp_path: Path) -> None:
    # go then downloads the same versions: leaving vendor/ out can be deliberate.
    _module(tmp_path, "vendor/\n", **{"vendor/modules.txt": "# github.com/google/uuid v1.6.0\n"})
    assert _lint(tmp_path, DG111) == []


def test_dg111_vendor_dropped_with_goflags_mod_vendor(tmp_path: Path) -> None:
    dockerfile = COPY_ALL.replace("WORKDIR /src", "ENV GOFLAGS=-mod=vendor\nWORKDIR /src")
    _module(tmp_path, "vendor\n", dockerfile, **{"vendor/modules.txt": "# x\n"})
    assert _lines(_lint(tmp_path, DG111)) == [(4, "error")]


def test_dg111_vendor_dropped_with_mod_vendor(tmp_path: Path) -> None:
    dockerfile = COPY_ALL.replace("go build", "go build -mod=vendor")
    _module(
        tmp_path, "vendor\n", dockerfile, **{"vendor/modules.txt": "# github.com/google/uuid\n"}
    )
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    assert "asks for -mod=vendor" in found[0][2]


def test_dg111_replaced_module_dropped(tmp_path: Path) -> None:
    _shop(tmp_path, Dockerfile=COPY_ALL, **{".dockerignore": "shared/\n"})
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    assert "'shared/go.mod' (the replaced module 'shared')" in found[0][2]
    assert "go.mod:10 replaces example.com/shared" in found[0][2]


def test_dg111_every_go_file_of_the_built_package_dropped(tmp_path: Path) -> None:
    # "*.go" matches files at the context root only: cmd/server/main.go is still sent.
    _module(tmp_path, "*.go\n", **{"cmd/server/main.go": MAIN})
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "error")]
    assert "no Go files in /src" in found[0][2]
    _write(tmp_path, {"Dockerfile": COPY_ALL.replace(" .\n", " ./cmd/server\n")})
    assert _lint(tmp_path, DG111) == []


def test_dg111_some_go_files_dropped_is_a_warning(tmp_path: Path) -> None:
    _module(tmp_path, "util.go\n**/*_test.go\n", **{"util.go": "package main\n"})
    _write(tmp_path, {"main_test.go": "package main\n"})
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "warning")]
    assert "'util.go'" in found[0][2]


def test_dg111_multi_stage(tmp_path: Path) -> None:
    dockerfile = """
        FROM golang:1.22 AS deps
        WORKDIR /src
        COPY go.mod ./
        RUN go mod download

        FROM deps AS build
        COPY . .
        RUN go build -o /out/shop .

        FROM scratch
        COPY --from=build /out/shop /shop
    """
    _module(tmp_path, "go.sum\n", dockerfile)
    assert _lines(_lint(tmp_path, DG111)) == [(7, "error")]


def test_dg111_go_work_sum_dropped_next_to_a_sent_go_work(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "go.work": "go 1.22\n\nuse .\n",
            "go.work.sum": "github.com/x/y v1.0.0 h1:z\n",
            ".dockerignore": "go.work.sum\n",
        },
    )
    _module(tmp_path)
    found = _lint(tmp_path, DG111)
    assert _lines(found) == [(3, "warning")]
    assert "go.work.sum" in found[0][2]


def test_dg111_go_work_left_out_on_purpose_is_silent(tmp_path: Path) -> None:
    _module(tmp_path, "go.work\ngo.work.sum\n", **{"go.work": "go 1.22\n\nuse .\n"})
    assert _lint(tmp_path, DG111) == []


def test_dg111_go_mod_tidy_rewrites_go_sum(tmp_path: Path) -> None:
    dockerfile = COPY_ALL.replace("RUN go build", "RUN go mod tidy && go build")
    _module(tmp_path, "go.sum\n", dockerfile)
    assert _lint(tmp_path, DG111) == []
