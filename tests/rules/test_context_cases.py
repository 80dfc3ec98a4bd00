"""Rules with a real build context: what COPY brings, where go.mod is, vendoring, ignore files.

Each case writes a small context directory (go.mod, sources, .dockerignore …) and a Dockerfile,
lints it through the file API (which detects the context as a user's ``docker build`` would
be given it) and checks the findings, on both sides of every class.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dockerlint_go.api import lint_paths, lint_selection, select_paths
from dockerlint_go.contexts import ContextOption

GO_MOD = "module example.com/shop\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n"
GO_SUM = "github.com/google/uuid v1.6.0 h1:x\ngithub.com/google/uuid v1.6.0/go.mod h1:y\n"
MAIN = "package main\n\nfunc main() {}\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def _findings(root: Path, dockerfile: str = "Dockerfile") -> list[tuple[str, int, str]]:
    result = lint_paths([dockerfile], cwd=root)
    return [(f.code, f.span.line, f.severity.value) for f in result.findings]


def _module(root: Path, go_mod: str = GO_MOD) -> None:
    _write(root, {"go.mod": go_mod, "go.sum": GO_SUM, "main.go": MAIN, "internal/a/a.go": "x"})


COPY_ALL = """
    FROM golang:1.22
    WORKDIR /src
    COPY . .
    RUN go mod download
    RUN go build -o /out/app .
"""


def test_copy_all_with_a_module_in_the_context_is_reported(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(tmp_path, {"Dockerfile": COPY_ALL})
    result = lint_paths(["Dockerfile"], cwd=tmp_path)
    [finding] = [f for f in result.findings if f.code == "DG102"]
    assert finding.span.line == 3
    # The message names what the context really sends besides the manifests.
    assert "'internal/a/a.go'" in finding.message or "'internal" in finding.message
    assert result.files[0].context == str(tmp_path)


def test_context_without_go_mod_is_silent(tmp_path: Path) -> None:
    # Class 2: the context has sources but no go.mod; nothing is downloaded.
    _write(tmp_path, {"main.go": MAIN, "Dockerfile": COPY_ALL})
    result = lint_selection(
        select_paths(["Dockerfile"], cwd=tmp_path),
        contexts=ContextOption(directory=str(tmp_path)),
        cwd=tmp_path,
    )
    assert [f.code for f in result.findings if f.code == "DG102"] == []


def test_dockerignore_that_keeps_only_manifests_is_silent(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(tmp_path, {".dockerignore": "*\n!go.mod\n!go.sum\n", "Dockerfile": COPY_ALL})
    assert [c for c in _findings(tmp_path) if c[0] == "DG102"] == []


def test_dockerignore_that_keeps_sources_is_reported(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(tmp_path, {".dockerignore": ".git\n*.md\n", "Dockerfile": COPY_ALL})
    assert ("DG102", 3, "warning") in _findings(tmp_path)


def test_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(
        tmp_path,
        {
            ".dockerignore": ".git\n",
            "build.Dockerfile": COPY_ALL,
            "build.Dockerfile.dockerignore": "*\n!go.mod\n!go.sum\n",
        },
    )
    assert [c for c in _findings(tmp_path, "build.Dockerfile") if c[0] == "DG102"] == []


def test_vendored_context_with_new_go_line_is_silent(tmp_path: Path) -> None:
    # Class 5: vendor/modules.txt and go >= 1.14 mean -mod=vendor by default.
    _module(tmp_path)
    _write(tmp_path, {"vendor/modules.txt": "# github.com/google/uuid v1.6.0\n"})
    _write(tmp_path, {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n"})
    assert [c for c in _findings(tmp_path) if c[0] == "DG102"] == []


def test_vendored_context_with_mod_mod_is_reported(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(tmp_path, {"vendor/modules.txt": "# github.com/google/uuid v1.6.0\n"})
    _write(
        tmp_path,
        {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -mod=mod .\n"},
    )
    assert ("DG102", 3, "warning") in _findings(tmp_path)


def test_vendored_context_with_old_go_line_is_reported(tmp_path: Path) -> None:
    # Before go 1.14 in go.mod, vendor/ is used only with -mod=vendor.
    _module(tmp_path, "module example.com/shop\n\ngo 1.13\n")
    _write(tmp_path, {"vendor/modules.txt": "# github.com/google/uuid v1.6.0\n"})
    _write(tmp_path, {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n"})
    assert ("DG102", 3, "warning") in _findings(tmp_path)


def test_module_in_a_subdirectory_of_a_monorepo(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(
        tmp_path,
        {
            "services/api/go.mod": GO_MOD,
            "services/api/go.sum": GO_SUM,
            "services/api/main.go": MAIN,
            "services/api/Dockerfile": """
                FROM golang:1.22
                WORKDIR /src
                COPY services/api/ ./
                RUN go mod download
            """,
        },
    )
    findings = _findings(tmp_path, "services/api/Dockerfile")
    assert ("DG102", 3, "warning") in findings
    result = lint_paths(["services/api/Dockerfile"], cwd=tmp_path)
    assert result.files[0].context == str(tmp_path)  # the ancestor that has what COPY names


def test_go_command_below_a_copied_tree_finds_the_nested_module(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(
        tmp_path,
        {
            "go.work": "go 1.22\n\nuse ./svc\n",
            "svc/go.mod": GO_MOD,
            "svc/main.go": MAIN,
            "Dockerfile": """
                FROM golang:1.22
                WORKDIR /src
                COPY . .
                WORKDIR /src/svc
                RUN go build -o /out/svc .
            """,
        },
    )
    assert ("DG102", 3, "warning") in _findings(tmp_path)
    from dockerlint_go.api import lint_text
    from dockerlint_go.contexts import ContextReader

    context = ContextReader().view(str(tmp_path), None)
    model_runs = _runs_with_context((tmp_path / "Dockerfile").read_text(), context)
    [run] = model_runs
    assert run.module is not None and run.module.dir == "/src/svc"
    assert run.module.work_dir == "" and run.module.work is not None
    assert [use.path for use in run.module.work.uses] == ["./svc"]
    assert lint_text("FROM scratch\n", context=context).context == str(tmp_path)


def _runs_with_context(text: str, context):  # type: ignore[no-untyped-def]
    from dockerlint_go.model.parse import parse_dockerfile
    from dockerlint_go.model.stages import build_model

    model = build_model(parse_dockerfile(text), context)
    return [run for stage in model.stages for step in stage.steps for run in step.go]


def test_copy_that_lands_outside_the_module_is_silent(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(
        tmp_path,
        {
            "VERSION": "1.4.0\n",
            "Dockerfile": """
                FROM golang:1.22
                WORKDIR /src
                COPY go.mod go.sum ./
                COPY VERSION /etc/app/VERSION
                RUN go mod download
            """,
        },
    )
    assert [c for c in _findings(tmp_path) if c[0] == "DG102"] == []


def test_broken_go_mod_is_reported_with_its_own_line(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "go.mod": "module example.com/shop\n\ngo 1.22\n\nrequires example.com/x v1.0.0\n",
            "go.sum": "",
            "Dockerfile": """
                FROM golang:1.22
                WORKDIR /src
                COPY go.mod go.sum ./
                RUN go mod download
            """,
        },
    )
    result = lint_paths(["Dockerfile"], cwd=tmp_path)
    [finding] = [f for f in result.findings if f.code == "DG002"]
    assert finding.span.line == 3  # the COPY that brings go.mod
    assert finding.message.startswith("go.mod:5")
    assert "requires" in finding.message


def test_bad_ignore_pattern_is_reported_and_linting_goes_on(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(tmp_path, {".dockerignore": "# comment\n[unclosed\n", "Dockerfile": COPY_ALL})
    result = lint_paths(["Dockerfile"], cwd=tmp_path)
    codes = {(f.code, f.span.line) for f in result.findings}
    assert ("DG002", 3) in codes
    [finding] = [f for f in result.findings if f.code == "DG002"]
    assert finding.message.startswith(".dockerignore:2")


def test_go_mod_that_is_a_directory_is_no_module(tmp_path: Path) -> None:
    _module(tmp_path)
    (tmp_path / "go.mod").unlink()
    (tmp_path / "go.mod").mkdir()
    _write(tmp_path, {"Dockerfile": COPY_ALL})
    result = lint_selection(
        select_paths(["Dockerfile"], cwd=tmp_path),
        contexts=ContextOption(directory="."),
        cwd=tmp_path,
    )
    assert all(f.code != "DG102" for f in result.findings)  # no go.mod file: nothing to move


def test_oversized_go_mod_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    _module(tmp_path)
    (tmp_path / "go.mod").write_text("// padding\n" * 500_000)  # over 4 MB
    _write(tmp_path, {"Dockerfile": COPY_ALL})
    result = lint_paths(["Dockerfile"], cwd=tmp_path)
    [finding] = [f for f in result.findings if f.code == "DG002"]
    assert finding.message.startswith("go.mod: go.mod is larger than")
    assert finding.span.line == 3


@pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="no symlinks")
def test_symlink_out_of_the_context_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _module(outside)
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "go.mod").symlink_to(outside / "go.mod")
    _write(context, {"main.go": MAIN, "Dockerfile": COPY_ALL})
    result = lint_selection(
        select_paths(["Dockerfile"], cwd=context),
        contexts=ContextOption(directory=str(context)),
        cwd=context,
    )
    assert all(f.code != "DG102" for f in result.findings)


def test_relative_and_absolute_context_options(tmp_path: Path) -> None:
    _module(tmp_path / "app")
    _write(tmp_path / "app", {"Dockerfile": COPY_ALL})
    for given in ("app", str(tmp_path / "app")):
        result = lint_selection(
            select_paths(["app/Dockerfile"], cwd=tmp_path),
            contexts=ContextOption(directory=given),
            cwd=tmp_path,
        )
        assert result.files[0].context == str(tmp_path / "app")
        assert any(f.code == "DG102" for f in result.findings)


def test_configured_context_is_relative_to_each_dockerfile(tmp_path: Path) -> None:
    _module(tmp_path)
    _write(tmp_path, {"deploy/Dockerfile": COPY_ALL})
    result = lint_selection(
        select_paths(["deploy/Dockerfile"], cwd=tmp_path),
        contexts=ContextOption(relative_to_dockerfile=".."),
        cwd=tmp_path,
    )
    assert result.files[0].context == str(tmp_path)
    assert any(f.code == "DG102" for f in result.findings)


def test_dockerfile_alone_in_its_directory_has_no_context(tmp_path: Path) -> None:
    # Nothing says where its context is: COPY is judged by the names it writes.
    _write(tmp_path, {"Dockerfile": COPY_ALL})
    result = lint_paths(["Dockerfile"], cwd=tmp_path)
    assert result.files[0].context is None
    assert any(f.code == "DG102" for f in result.findings)


def test_standard_input_has_no_context_unless_given(tmp_path: Path) -> None:
    _module(tmp_path)
    data = textwrap.dedent(COPY_ALL).encode()
    result = lint_selection(select_paths(["-"], cwd=tmp_path), stdin=data, cwd=tmp_path)
    assert result.files[0].context is None
    given = lint_selection(
        select_paths(["-"], cwd=tmp_path),
        stdin=data,
        contexts=ContextOption(directory="."),
        cwd=tmp_path,
    )
    assert given.files[0].context == str(tmp_path)


def test_context_files_are_read_once_per_run(tmp_path: Path, monkeypatch) -> None:
    from dockerlint_go.model import context as context_module

    _module(tmp_path)
    for name in ("a", "b", "c"):
        _write(tmp_path, {f"{name}.Dockerfile": COPY_ALL})
    calls: list[str] = []
    original = context_module.ContextFiles.gomod

    def counting(self, directory: str):  # type: ignore[no-untyped-def]
        calls.append(directory)
        return original(self, directory)

    monkeypatch.setattr(context_module.ContextFiles, "gomod", counting)
    reads: list[str] = []
    real_text = context_module.ContextFiles._text

    def counting_text(self, rel: str):  # type: ignore[no-untyped-def]
        reads.append(rel)
        return real_text(self, rel)

    monkeypatch.setattr(context_module.ContextFiles, "_text", counting_text)
    lint_paths(["a.Dockerfile", "b.Dockerfile", "c.Dockerfile"], cwd=tmp_path)
    assert reads.count("go.mod") == 1


REPLACED = {
    "go.mod": "module example.com/shop\n\ngo 1.22\n\nrequire example.com/api v0.0.0\n\n"
    "replace example.com/api => ./api/shop\n",
    "go.sum": "",
    "api/shop/go.mod": "module example.com/api\n\ngo 1.22\n",
    "api/shop/types.go": "package api\n",
    "cmd/main.go": MAIN,
}


def test_locally_replaced_module_copied_whole_names_the_narrow_fix(tmp_path: Path) -> None:
    _write(tmp_path, REPLACED)
    _write(
        tmp_path,
        {
            "Dockerfile": """
                FROM golang:1.22
                WORKDIR /src
                COPY api/ api/
                COPY go.mod go.sum ./
                RUN go mod download
                COPY cmd/ cmd/
                RUN go build -o /out/shop ./cmd
            """
        },
    )
    result = lint_paths(["Dockerfile"], cwd=tmp_path)
    [finding] = [f for f in result.findings if f.code == "DG102"]
    assert finding.span.line == 3
    assert "locally replaced module 'api/shop'" in finding.message
    assert finding.fix is not None and "'api/shop/go.mod'" in finding.fix


def test_only_the_replaced_modules_go_mod_first_is_silent(tmp_path: Path) -> None:
    _write(tmp_path, REPLACED)
    _write(
        tmp_path,
        {
            "Dockerfile": """
                FROM golang:1.22
                WORKDIR /src
                COPY api/shop/go.mod api/shop/
                COPY go.mod go.sum ./
                RUN go mod download
                COPY . .
                RUN go build -o /out/shop ./cmd
            """
        },
    )
    assert [c for c in _findings(tmp_path) if c[0] == "DG102"] == []


def test_workspace_root_is_the_context_of_a_module_it_uses(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(
        tmp_path,
        {
            "go.work": "go 1.22\n\nuse (\n\t.\n\t./sub\n)\n",
            "go.mod": "module example.com/root\n\ngo 1.22\n",
            "sub/go.mod": "module example.com/sub\n\ngo 1.22\n",
            "sub/img/main.go": MAIN,
            "sub/img/Dockerfile": """
                FROM golang:1.22
                WORKDIR /build
                COPY . .
                WORKDIR /build/sub
                RUN go build -o /out/app ./img/main.go
            """,
        },
    )
    result = lint_paths(["sub/img/Dockerfile"], cwd=tmp_path)
    assert result.files[0].context == str(tmp_path)
    assert [f.span.line for f in result.findings if f.code == "DG102"] == [3]
