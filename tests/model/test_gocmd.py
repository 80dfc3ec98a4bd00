"""The go command table: verb, module resolution, cache use and working-tree writes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_go.model.gocmd import CacheWrite, GoCommand, classify_go, goflags_mod
from dockerlint_go.model.shell import Command, parse_script

NONE, MAY, MUST = CacheWrite.NONE, CacheWrite.MAY, CacheWrite.MUST


@dataclass(frozen=True)
class Case:
    script: str  # one shell command (wrappers and prefixes allowed)
    verb: str
    resolves: bool
    cache: CacheWrite
    writes: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)  # other GoCommand fields to check


def G(
    script: str,
    verb: str,
    resolves: bool,
    cache: CacheWrite,
    *writes: str,
    **extra: object,
) -> Case:
    return Case(script, verb, resolves, cache, writes, extra)


CASES = [
    # ---- build
    G("go build", "build", True, MAY, "<binary>", output_inferred=True),
    G("go build .", "build", True, MAY, "<binary>", output_inferred=True),
    G("go build ./cmd/server", "build", True, MAY, "server", output_inferred=True),
    G("go build ./cmd/server/", "build", True, MAY, "server"),
    G("go build example.com/tool/cmd/lint", "build", True, MAY, "lint"),
    G("go build example.com/tool/v2", "build", True, MAY, "tool"),
    G("go build ./v2", "build", True, MAY, "<binary>"),
    G("go build ..", "build", True, MAY, "<binary>"),
    G("go build main.go util.go", "build", True, MAY, "main"),
    G("go build ./...", "build", True, MAY, output_inferred=False),
    G("go build ./cmd/a ./cmd/b", "build", True, MAY),
    G("go build all", "build", True, MAY),
    G("go build -o /bin/app ./cmd/app", "build", True, MAY, "/bin/app", output_inferred=False),
    G("go build -o=app .", "build", True, MAY, "app"),
    G("go build --o app .", "build", True, MAY, "app"),
    G("go build -o bin/ ./...", "build", True, MAY, "bin/"),
    G("go build -o /dev/null ./...", "build", True, MAY),
    G(
        "go build -trimpath -ldflags '-s -w' -tags netgo -o /out/app ./cmd/app",
        "build",
        True,
        MAY,
        "/out/app",
        operands=("./cmd/app",),
    ),
    G("go build -v -x -a -race .", "build", True, MAY, "<binary>"),
    G("CGO_ENABLED=0 GOOS=linux go build -o app", "build", True, MAY, "app"),
    G("/usr/local/go/bin/go build -o app", "build", True, MAY, "app"),
    G("sudo -u app go build -o app", "build", True, MAY, "app"),
    # ---- -mod and vendoring
    G(
        "go build -mod=vendor -o app .",
        "build",
        False,
        NONE,
        "app",
        vendored=True,
        mod_flag="vendor",
    ),
    G("go build -mod vendor ./...", "build", False, NONE, vendored=True, mod_flag="vendor"),
    G("go build -mod=readonly ./...", "build", True, MAY, vendored=False, mod_flag="readonly"),
    G("go build -mod=mod ./...", "build", True, MAY, vendored=False, mod_flag="mod"),
    G("go build -mod=vendor -mod=mod ./...", "build", True, MAY, mod_flag="mod"),
    G(
        "GOFLAGS=-mod=vendor go build ./...",
        "build",
        False,
        NONE,
        vendored=False,
        mod_flag=None,
        env_mod_flag="vendor",
    ),
    G("GOFLAGS=-mod=vendor go build -mod=mod ./...", "build", True, MAY, env_mod_flag="vendor"),
    G("export GOFLAGS='-v -mod=vendor'; go test ./...", "test", False, NONE),
    G("go test -mod=vendor ./...", "test", False, NONE, vendored=True),
    G("go list -mod=vendor -m all", "list", False, NONE, vendored=True),
    G("go vet -mod=vendor ./...", "vet", False, NONE),
    G("go install -mod=vendor ./cmd/x", "install", False, NONE),
    G("go install -mod=vendor example.com/x@v1.0.0", "install", True, MUST),
    G("go mod vendor", "mod vendor", True, MAY, "vendor", vendored=False, mod_flag=None),
    G("go mod vendor -o third_party -e", "mod vendor", True, MAY, "third_party"),
    G("go -modfile=go.dev.mod build ./...", "build", True, MAY),
    # ---- -C
    G("go build -C sub -o app .", "build", True, MAY, "sub/app", chdir="sub"),
    G("go -C sub build ./cmd/x", "build", True, MAY, "sub/x", chdir="sub"),
    G("go build -C=sub -o /abs/app", "build", True, MAY, "/abs/app", chdir="sub"),
    G("go mod tidy -C mod", "mod tidy", True, MAY, "mod/go.mod", "mod/go.sum", chdir="mod"),
    G("go build -o app .", "build", True, MAY, "app", chdir=None),
    # ---- test
    G("go test ./...", "test", True, MAY),
    G("go test -v -race -count=1 ./...", "test", True, MAY),
    G("go test ./... -run TestX -v", "test", True, MAY, operands=("./...",)),
    G("go test -c ./pkg/foo", "test", True, MAY, "foo.test", output_inferred=True),
    G("go test -c", "test", True, MAY, "<pkg>.test"),
    G("go test -c -o foo.test ./pkg/foo", "test", True, MAY, "foo.test", output_inferred=False),
    G("go test -o bin/t.test ./pkg/foo", "test", True, MAY, "bin/t.test"),
    G("go test -coverprofile=cover.out ./...", "test", True, MAY, "cover.out"),
    G(
        "go test -cpuprofile cpu.out -outputdir /tmp/prof ./pkg/foo",
        "test",
        True,
        MAY,
        "/tmp/prof/foo.test",
        "/tmp/prof/cpu.out",
    ),
    G("go test ./... -args -o x", "test", True, MAY),
    # ---- run / install
    G("go run .", "run", True, MAY),
    G("go run ./cmd/gen -o out@x", "run", True, MAY, operands=("./cmd/gen", "-o", "out@x")),
    G("go run example.com/cmd/gen@v1.2.3 -flag", "run", True, MUST),
    G("go run main.go", "run", True, MAY),
    G("go install ./cmd/...", "install", True, MAY),
    G("go install", "install", True, MAY),
    G("go install golang.org/x/tools/cmd/goimports@latest", "install", True, MUST),
    G("go install -v a.example/x@v1 b.example/y@v1", "install", True, MUST),
    G("GOBIN=/usr/local/bin go install ./cmd/x", "install", True, MAY),
    # ---- get
    G("go get", "get", True, MUST, "go.mod", "go.sum"),
    G("go get -u ./...", "get", True, MUST, "go.mod", "go.sum"),
    G("go get -d golang.org/x/text@v0.3.0", "get", True, MUST, "go.mod", "go.sum"),
    G("go get -t -u=patch ./...", "get", True, MUST, "go.mod", "go.sum"),
    # ---- mod
    G("go mod download", "mod download", True, MAY),
    G("go mod download -x", "mod download", True, MAY),
    G("go mod download -json all", "mod download", True, MAY),
    G("go mod download golang.org/x/...", "mod download", True, MAY),
    G("go mod download golang.org/x/text", "mod download", True, MUST),
    G("go mod download golang.org/x/text@v0.3.0", "mod download", True, MUST),
    G("go mod download all golang.org/x/text", "mod download", True, MUST),
    G("go mod tidy", "mod tidy", True, MAY, "go.mod", "go.sum"),
    G("go mod tidy -v -e -go=1.21", "mod tidy", True, MAY, "go.mod", "go.sum"),
    G("go mod tidy -diff", "mod tidy", True, MAY),
    G("go mod verify", "mod verify", True, MAY),
    G("go mod why -m golang.org/x/text", "mod why", True, MAY),
    G("go mod graph", "mod graph", True, MAY),
    G("go mod init example.com/app", "mod init", False, NONE, "go.mod"),
    G("go mod init", "mod init", False, NONE, "go.mod"),
    G("go mod edit -go=1.21", "mod edit", False, NONE, "go.mod"),
    G("go mod edit -replace a=../a", "mod edit", False, NONE, "go.mod"),
    G("go mod edit -fmt sub/go.mod", "mod edit", False, NONE, "sub/go.mod"),
    G("go mod edit -json", "mod edit", False, NONE),
    G("go mod edit -print", "mod edit", False, NONE),
    G("go mod", "mod", False, NONE),
    G("go mod frob", "mod frob", False, NONE),
    # ---- work
    G("go work init ./a ./b", "work init", False, NONE, "go.work"),
    G("go work use -r .", "work use", False, NONE, "go.work"),
    G("go work edit -go=1.22", "work edit", False, NONE, "go.work"),
    G("go work edit -json", "work edit", False, NONE),
    G("go work sync", "work sync", True, MAY, "go.work", "go.mod"),
    G("go work vendor", "work vendor", True, MAY, "vendor"),
    # ---- list / vet / generate / fix
    G("go list ./...", "list", True, MAY),
    G("go list -m all", "list", True, MAY),
    G("go list -f '{{.Dir}}' ./...", "list", True, MAY, operands=("./...",)),
    G("go list -m -versions golang.org/x/text", "list", True, MAY),
    G("go vet ./...", "vet", True, MAY),
    G("go vet -vettool $(which shadow) ./...", "vet", True, MAY),
    G("go generate ./...", "generate", True, MAY, "."),
    G("go generate -run stringer ./...", "generate", True, MAY, "."),
    G("go fix ./...", "fix", True, MAY, "."),
    # ---- clean
    G("go clean -modcache", "clean", False, MUST),
    G("go clean -cache -modcache", "clean", False, MUST),
    G("go clean -modcache -mod=vendor", "clean", False, MUST),
    G("go clean -cache", "clean", False, NONE),
    G("go clean -cache -testcache -fuzzcache", "clean", False, NONE),
    G("go clean", "clean", True, MAY),
    G("go clean -i ./cmd/x", "clean", True, MAY),
    G("go clean -cache ./...", "clean", True, MAY),
    # ---- formatting
    G("go fmt ./...", "fmt", False, NONE, "."),
    G("gofmt -l .", "gofmt", False, NONE),
    G("gofmt -d -s ./pkg", "gofmt", False, NONE),
    G("gofmt -w .", "gofmt", False, NONE, "."),
    G("gofmt -l -w main.go pkg", "gofmt", False, NONE, "main.go", "pkg"),
    G("gofmt -s -w=true ./cmd", "gofmt", False, NONE, "./cmd"),
    G("gofmt -w=false .", "gofmt", False, NONE),
    G("gofmt -r 'a -> b' -w x.go", "gofmt", False, NONE, "x.go"),
    G("/usr/local/go/bin/gofmt -w .", "gofmt", False, NONE, "."),
    # ---- no module resolution at all
    G("go version", "version", False, NONE),
    G("go version -m /bin/app", "version", False, NONE),
    G("go env", "env", False, NONE),
    G("go env GOPATH GOMODCACHE", "env", False, NONE),
    G("go env -w GOPROXY=direct", "env", False, NONE),
    G("go help modules", "help", False, NONE),
    G("go doc fmt.Println", "doc", False, NONE),
    G("go bug", "bug", False, NONE),
    G("go tool pprof cpu.out", "tool", False, NONE),
    G("go tool -n compile", "tool", False, NONE),
    G("go tool dist list", "tool", False, NONE),
    G("go tool stringer -type=X", "tool", True, MAY),
    G("go tool", "tool", False, NONE),
    G("go", "", False, NONE, mod_flag=None),
    G("go -x", "", False, NONE),
    G("go frobnicate ./...", "frobnicate", False, NONE),
]


def classify(script: str) -> GoCommand:
    commands = parse_script(script, {"HOME": "/root"})
    found = [classify_go(c) for c in commands]
    go = [g for g in found if g is not None]
    assert len(go) == 1, commands
    return go[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.script)
def test_classify(case: Case) -> None:
    go = classify(case.script)
    assert (go.verb, go.resolves_modules, go.cache, go.writes) == (
        case.verb,
        case.resolves,
        case.cache,
        case.writes,
    )
    for name, value in case.extra.items():
        assert getattr(go, name) == value, name


@pytest.mark.parametrize(
    "argv",
    [
        ("echo", "go"),
        ("make", "build"),
        ("golangci-lint", "run"),
        ("gopls",),
        ("./go",),  # a script named go: opaque, never classified
        (),
    ],
)
def test_not_go(argv: tuple[str, ...]) -> None:
    command = Command(argv, (), None, None, 0, opaque=argv[:1] == ("./go",))
    assert classify_go(command) is None


def test_keeps_the_command() -> None:
    (command,) = parse_script("sudo -u app go get x@v1", {})
    go = classify_go(command)
    assert go is not None
    assert go.command is command
    assert go.command.user == "app"
    assert go.operands == ("x@v1",)


@pytest.mark.parametrize(
    ("goflags", "expected"),
    [
        (None, None),
        ("", None),
        ("-mod=vendor", "vendor"),
        ("-v -mod=readonly -trimpath", "readonly"),
        ("--mod=mod", "mod"),
        ("-mod=vendor -mod=mod", "mod"),
        ("-modcacherw", None),
        ("mod=vendor", None),
    ],
)
def test_goflags_mod(goflags: str | None, expected: str | None) -> None:
    assert goflags_mod(goflags) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8))
def test_classify_never_raises(args: list[str]) -> None:
    for program in ("go", "gofmt"):
        go = classify_go(Command((program, *args), (), None, None, 0))
        assert go is not None
        assert isinstance(go.writes, tuple)


GO_WORDS: tuple[str, ...] = (
    "build",
    "test",
    "mod",
    "work",
    "tidy",
    "download",
    "-o",
    "-C",
    "-mod",
    "vendor",
)
GO_WORDS += ("-c", "x@v1", "./...", ".", "-w", "-modcache", "--", "-args", "=", "-C=", "-o=")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(GO_WORDS),
        max_size=8,
    )
)
def test_classify_go_words_never_raise(args: list[str]) -> None:
    go = classify_go(Command(("go", *args), (("GOFLAGS", "-mod=vendor"),), None, None, 0))
    assert go is not None
