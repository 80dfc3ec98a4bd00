"""Tables for the shell model: scripts -> commands, instructions -> commands, --mount flags."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_go.model.mounts import Mount, parse_mounts
from dockerlint_go.model.parse import Flag, Heredoc, Instruction
from dockerlint_go.model.shell import Command, instruction_commands, parse_script
from dockerlint_go.model.span import Span

ENV: Mapping[str, str] = {
    "HOME": "/root",
    "GOPATH": "/go",
    "OUT": "/out/app",
    "EMPTY": "",
    "FLAGS": "-trimpath -v",
    "VERSION": "v1.2.3",
}


@dataclass(frozen=True)
class Want:
    """The expected command: argv plus only the attributes a case cares about."""

    argv: tuple[str, ...]
    attrs: Mapping[str, object] = field(default_factory=dict)


def w(argv: str | tuple[str, ...], **attrs: object) -> Want:
    return Want(tuple(argv.split()) if isinstance(argv, str) else argv, attrs)


@dataclass(frozen=True)
class Case:
    id: str
    script: str
    want: tuple[Want, ...]
    only: str | None = None  # compare only the commands of this program
    env: Mapping[str, str] = field(default_factory=lambda: ENV)


def check(commands: tuple[Command, ...], want: tuple[Want, ...], only: str | None) -> None:
    got = [c for c in commands if only is None or c.program == only]
    assert [c.argv for c in got] == [x.argv for x in want], got
    for command, expected in zip(got, want, strict=True):
        for name, value in expected.attrs.items():
            assert getattr(command, name) == value, (name, command)


def C(
    id: str, script: str, *want: Want, only: str | None = None, env: Mapping[str, str] = ENV
) -> Case:
    return Case(id, script, want, only, env)


SCRIPT_CASES = [
    # ---- lists, pipelines, compound statements
    C("simple", "go build ./...", w("go build ./...", line=0, cwd=None, user=None, env=())),
    C("and-or-semicolon", "a && b || c; d", w("a"), w("b"), w("c"), w("d")),
    C("newlines", "a\nb\n\nc", w("a", line=0), w("b", line=1), w("c", line=3)),
    C("pipeline", "go build 2>&1 | tee log", w("go build"), w("tee log")),
    C("negation", "! go vet ./...", w("go vet ./...")),
    C("subshell", "(go mod download)", w("go mod download")),
    C("brace group", "{ go build; go test; }", w("go build"), w("go test")),
    C(
        "if-then-else",
        "if [ -f go.mod ]; then go mod download; elif true; then x; else go get a; fi",
        w("go mod download"),
        w("true"),
        w("x"),
        w("go get a"),
    ),
    C("while", "while false; do go build; done", w("false"), w("go build")),
    C("until", "until go build; do sleep 1; done", w("go build"), w("sleep 1")),
    C(
        "for loop variable stays unexpanded",
        "for p in a b; do go vet ./$p; done",
        w("go vet ./$p"),
    ),
    C(
        "case arms",
        'case "$GOARCH" in amd64) go build;; arm*) GOARM=7 go build;; *) echo;; esac',
        w("go build"),
        w("go build", env=(("GOARM", "7"),)),
        w("echo"),
    ),
    C("test brackets", "[[ -n $X ]] && go build", w("go build")),
    C("test command", "test -f go.sum || go mod tidy", w("test -f go.sum"), w("go mod tidy")),
    C("function body", "f() { go test; }; f", w("go test"), w("f")),
    C("comments", "# go build\ngo vet # go test", w("go vet")),
    C("background job", "go build & wait", w("go build"), w("wait")),
    C("redirections ignored", "go build > log 2>&1 < /dev/null", w("go build")),
    C("line continuation", "go build \\\n  -o app", w("go build -o app", line=0)),
    C(
        "empty script",
        "",
    ),
    C(
        "only comments and blanks",
        "  \n# x\n",
    ),
    # ---- substitutions
    C(
        "command substitution runs first",
        'echo "$(go env GOPATH)"',
        w("go env GOPATH"),
        w(("echo", "$(go env GOPATH)")),
    ),
    C("backticks", "echo `go version`", w("go version"), w(("echo", "`go version`"))),
    C(
        "nested substitution",
        "x=$(dirname $(go env GOMOD))",
        w("go env GOMOD"),
        w(("dirname", "$(go env GOMOD)")),
    ),
    C("process substitution", "diff <(go list) b", w("go list"), w(("diff", "<(go list)", "b"))),
    C(
        "substitution in for list",
        "for p in $(go list ./...); do :; done",
        w("go list ./..."),
        w(":"),
    ),
    C("substitution in assignment", "V=$(go version)", w("go version")),
    C(
        "cd inside substitution does not leak",
        "x=$(cd /tmp && pwd); go build",
        w("cd /tmp"),
        w("pwd", cwd="/tmp"),
        w("go build", cwd=None),
    ),
    # ---- words
    C("single quotes", "go build -ldflags '-s -w'", w(("go", "build", "-ldflags", "-s -w"))),
    C("double quotes", 'go build -o "my app"', w(("go", "build", "-o", "my app"))),
    C("concatenation", "go build -o 'a'\"b\"c", w("go build -o abc")),
    C("backslash escapes", r"echo a\ b \$X", w(("echo", "a b", "$X"))),
    C("escapes in double quotes", r'echo "a\"b\$c\\d\e"', w(("echo", 'a"b$c\\d\\e'))),
    C("ansi-c string", "echo $'a\\tb'", w(("echo", "a\tb"))),
    C("empty quoted argument kept", "echo '' \"\"", w(("echo", "", ""))),
    C("dollar var", "go build -o $OUT", w("go build -o /out/app")),
    C("braced var", "go build -o ${OUT}.bin", w("go build -o /out/app.bin")),
    C("quoted var", 'go build -o "$OUT"', w("go build -o /out/app")),
    C("unknown var kept", "go build $NOPE ${NOPE}", w(("go", "build", "$NOPE", "${NOPE}"))),
    C("unknown var in quotes", 'echo "x$NOPE"', w(("echo", "x$NOPE"))),
    C("default applies to missing", "go build -o ${NOPE:-app}", w("go build -o app")),
    C("default applies to empty", "go build -o ${EMPTY:-app}", w("go build -o app")),
    C("dash default keeps empty", "echo x${EMPTY-app}", w("echo x")),
    C("dash default for missing", "echo ${NOPE-app}", w("echo app")),
    C("default not used", "echo ${OUT:-app}", w("echo /out/app")),
    C("alternative", "echo ${OUT:+-o} ${NOPE:+-x} ${EMPTY+set}", w("echo -o set")),
    C("colon alternative on empty", "echo a ${EMPTY:+x}", w("echo a")),
    C("nested default", "echo ${NOPE:-${OUT}}", w("echo /out/app")),
    C("default with quotes", 'echo ${NOPE:-"a b"}', w(("echo", "a b"))),
    C("unquoted default splits", "echo ${NOPE:-a b}", w(("echo", "a", "b"))),
    C("error operator on missing kept", "echo ${NOPE:?boom}", w(("echo", "${NOPE:?boom}"))),
    C("trim prefix", "echo ${VERSION#v}", w("echo 1.2.3")),
    C("trim suffix", "echo ${VERSION%.*} ${VERSION%%.*}", w("echo v1.2 v1")),
    C("longest prefix", "echo ${GOPATH##*/}", w("echo go")),
    C("length", "echo ${#VERSION}", w("echo 6")),
    C("unsupported form kept", "echo ${VERSION/v/x}", w(("echo", "${VERSION/v/x}"))),
    C("positional kept", "echo $1 ${1:-a} $@", w(("echo", "$1", "${1:-a}", "$@"))),
    C("field splitting", "go build $FLAGS .", w("go build -trimpath -v .")),
    C("no splitting in quotes", 'go build "$FLAGS" .', w(("go", "build", "-trimpath -v", "."))),
    C("empty unquoted expansion vanishes", "go build $EMPTY .", w("go build .")),
    C("empty quoted expansion kept", 'go build "$EMPTY" .', w(("go", "build", "", "."))),
    C("tilde", "cp x ~/bin ~ ~other", w("cp x /root/bin /root ~other")),
    C("quoted tilde", "echo '~/x'", w(("echo", "~/x"))),
    C("globs left alone", "gofmt -l *.go", w("gofmt -l *.go")),
    C("arithmetic kept", "echo $((1+2))", w(("echo", "$((1+2))"))),
    C("command name from a variable", "G=go; $G build", w("go build")),
    # ---- assignments, export, env
    C(
        "prefix assignment",
        "CGO_ENABLED=0 GOOS=linux go build",
        w("go build", env=(("CGO_ENABLED", "0"), ("GOOS", "linux"))),
    ),
    C(
        "prefix does not expand in its own command",
        "X=1 echo $X",
        w(("echo", "$X"), env=(("X", "1"),)),
    ),
    C("prefix does not persist", "X=1 a; b", w("a", env=(("X", "1"),)), w("b", env=())),
    C(
        "export persists",
        "export GOFLAGS=-mod=mod\ngo build\ngo test",
        w("go build", env=(("GOFLAGS", "-mod=mod"),)),
        w("go test", env=(("GOFLAGS", "-mod=mod"),)),
    ),
    C(
        "export of an earlier assignment",
        "A=1; echo $A; export A; go build",
        w("echo 1", env=()),
        w("go build", env=(("A", "1"),)),
    ),
    C(
        "plain assignment expands but is not exported",
        "D=/src; cd $D; go build",
        w("cd /src", env=()),
        w("go build", env=(), cwd="/src"),
    ),
    C(
        "assigning an environment variable keeps it exported",
        "GOPATH=/x; go build",
        w("go build", env=(("GOPATH", "/x"),)),
    ),
    C(
        "export several and a missing name",
        "export A=1 B=2 C; go build",
        w("go build", env=(("A", "1"), ("B", "2"))),
    ),
    C("declare -x exports", "declare -x A=1; go build", w("go build", env=(("A", "1"),))),
    C("local does not export", "local A=1; echo $A", w("echo 1", env=())),
    C(
        "unset of an environment variable",
        "unset GOPATH; echo $GOPATH; go build",
        w(("echo",), env=(("GOPATH", ""),)),
        w("go build", env=(("GOPATH", ""),)),
    ),
    C(
        "export -n",
        "export A=1; export -n A; go build",
        w("go build", env=(("A", ""),)),
    ),
    C(
        "prefix overrides export",
        "export A=1; A=2 go build",
        w("go build", env=(("A", "2"),)),
    ),
    C(
        "assignment from substitution is unknown",
        "P=$(go env GOPATH); export P; echo $P",
        w("go env GOPATH"),
        w(("echo", "$P"), env=(("P", "$(go env GOPATH)"),)),
    ),
    C("append assignment", "A=x; A+=y; echo $A", w("echo xy")),
    C("assignment to quoted value", 'A="a b"; echo $A', w(("echo", "a", "b"))),
    C("default assignment", "echo ${NEW:=v}; echo $NEW", w("echo v"), w("echo v")),
    C(
        "export inside subshell does not leak",
        "(export A=1; a); b",
        w("a", env=(("A", "1"),)),
        w("b", env=()),
    ),
    C(
        "read makes variables unknown",
        "read GOPATH; echo $GOPATH",
        w("read GOPATH"),
        w(("echo", "$GOPATH")),
    ),
    C("quoted export", 'export "A=b c"; go build', w("go build", env=(("A", "b c"),))),
    # ---- cd
    C("cd absolute", "cd /app && go build", w("cd /app", cwd=None), w("go build", cwd="/app")),
    C("cd relative to workdir", "cd sub; go build", w("cd sub"), w("go build", cwd="sub")),
    C(
        "cd relative chain",
        "cd /a; cd b/../c; go build",
        w("cd /a"),
        w("cd b/../c"),
        w("go build", cwd="/a/c"),
    ),
    C("cd dot", "cd .; go build", w("cd ."), w("go build", cwd=None, cwd_known=True)),
    C("cd home", "cd; go build", w("cd"), w("go build", cwd="/root")),
    C(
        "cd home unknown",
        "cd ~; go build",
        w("cd ~"),
        w("go build", cwd=None, cwd_known=False),
        env={},
    ),
    C("cd tilde path", "cd ~/src; go build", w("cd /root/src"), w("go build", cwd="/root/src")),
    C(
        "cd unknown variable",
        "cd $NOPE && go build",
        w(("cd", "$NOPE")),
        w("go build", cwd=None, cwd_known=False),
    ),
    C(
        "cd relative after unknown stays unknown",
        "cd $NOPE; cd sub; cd /abs; go build",
        w(("cd", "$NOPE")),
        w("cd sub", cwd_known=False),
        w("cd /abs", cwd_known=False),
        w("go build", cwd="/abs", cwd_known=True),
    ),
    C("cd dash", "cd /a; cd /b; cd -; go build", w("go build", cwd="/a"), only="go"),
    C(
        "cd dash without oldpwd",
        "cd -; go build",
        w("go build", cwd=None, cwd_known=True),
        only="go",
    ),
    C("cd with -P", "cd -P /x; go build", w("go build", cwd="/x"), only="go"),
    C(
        "cd in subshell does not leak",
        "(cd /x && go build); go test",
        w("go build", cwd="/x"),
        w("go test", cwd=None),
        only="go",
    ),
    C("cd in pipeline does not leak", "cd /x | cat; go build", w("go build", cwd=None), only="go"),
    C("cd in background does not leak", "cd /x & go build", w("go build", cwd=None), only="go"),
    C("cd in brace group leaks", "{ cd /x; }; go build", w("go build", cwd="/x"), only="go"),
    C("cd in if leaks", "if true; then cd /x; fi; go build", w("go build", cwd="/x"), only="go"),
    C(
        "cd in function does not leak",
        "f() { cd /x; }; go build",
        w("go build", cwd=None),
        only="go",
    ),
    C(
        "pushd popd",
        "pushd /x; go build; popd; go test",
        w("go build", cwd="/x"),
        w("go test", cwd=None),
        only="go",
    ),
    C("cd through command builtin", "command cd /x; go build", w("go build", cwd="/x"), only="go"),
    C("cd from a variable", "cd $GOPATH/src; go build", w("go build", cwd="/go/src"), only="go"),
    # ---- wrappers
    C("sudo", "sudo go build", w("go build", user="root", wrappers=("sudo",), env_reset=True)),
    C("sudo -u", "sudo -u app go get x", w("go get x", user="app", wrappers=("sudo",))),
    C("sudo -uapp", "sudo -uapp go get x", w("go get x", user="app")),
    C("sudo --user=", "sudo --user=app -- go get x", w("go get x", user="app")),
    C("sudo uid", "sudo -u '#1000' go env", w("go env", user="1000")),
    C(
        "sudo -E keeps env",
        "sudo -E -H -u app go build",
        w("go build", user="app", env_reset=False),
    ),
    C(
        "sudo drops exported env",
        "export A=1; sudo B=2 go build",
        w("go build", env=(("B", "2"),), env_reset=True),
    ),
    C(
        "sudo -i loses cwd",
        "cd /x; sudo -i -u app go build",
        w("go build", cwd=None, cwd_known=False),
        only="go",
    ),
    C("sudo -D", "sudo -D /src go build", w("go build", cwd="/src")),
    C("sudo -l runs nothing", "sudo -l", w("sudo -l", wrappers=())),
    C("sudo alone", "sudo", w("sudo")),
    C(
        "env assignments",
        "env GOFLAGS=-mod=mod CGO_ENABLED=0 go build",
        w("go build", env=(("GOFLAGS", "-mod=mod"), ("CGO_ENABLED", "0")), wrappers=("env",)),
    ),
    C(
        "env -i",
        "export A=1; env -i B=2 go build",
        w("go build", env=(("B", "2"),), env_reset=True),
    ),
    C("env -u", "env -u GOFLAGS go build", w("go build", env=(("GOFLAGS", ""),))),
    C("env -C", "env -C /src go build", w("go build", cwd="/src")),
    C("env -S", "env -S 'A=1 go build'", w("go build", env=(("A", "1"),))),
    C("env alone prints", "env", w("env", wrappers=())),
    C(
        "nested wrappers",
        "sudo -u app env GOFLAGS=-mod=mod go build",
        w("go build", user="app", wrappers=("sudo", "env"), env=(("GOFLAGS", "-mod=mod"),)),
    ),
    C(
        "sh -c",
        "sh -c 'go build && go test'",
        w("go build", wrappers=("sh",)),
        w("go test", wrappers=("sh",)),
    ),
    C("bash -c with flags", "bash -ex -o pipefail -c 'go vet'", w("go vet", wrappers=("bash",))),
    C("bash -lc", '/bin/bash -lc "go build"', w("go build", wrappers=("bash",))),
    C("ash dash zsh", "ash -c a; dash -c b; zsh -c c", w("a"), w("b"), w("c")),
    C("sh -c double-quoted expands outside", 'sh -c "go build -o $OUT"', w("go build -o /out/app")),
    C("sh -c single-quoted expands inside", "sh -c 'go build -o $OUT'", w("go build -o /out/app")),
    C(
        "sh -c sees exported but not plain vars",
        "export A=1; B=2; sh -c 'echo $A $B'",
        w(("echo", "1", "$B"), env=(("A", "1"),)),
    ),
    C(
        "sh -c cd does not leak",
        "sh -c 'cd /x && go build'; go test",
        w("go build", cwd="/x"),
        w("go test", cwd=None),
        only="go",
    ),
    C("sh -c inherits cwd", "cd /x; sh -c 'go build'", w("go build", cwd="/x"), only="go"),
    C(
        "sh -c line offsets",
        "true\nsh -c 'a\nb'",
        w("true", line=0),
        w("a", line=1),
        w("b", line=2),
    ),
    C("sh -c missing script", "sh -c", w("sh -c")),
    C("script file is opaque", "sh build.sh", w("sh build.sh", opaque=True)),
    C(
        "bash script with flags",
        "bash -e scripts/x.sh arg",
        w("bash -e scripts/x.sh arg", opaque=True),
    ),
    C("shell reading a pipe is opaque", "curl -s x | sh", w("curl -s x"), w("sh", opaque=True)),
    C("dot-slash script", "./build.sh release", w("./build.sh release", opaque=True)),
    C(
        "script by path",
        "/usr/local/bin/entrypoint.sh",
        w("/usr/local/bin/entrypoint.sh", opaque=True),
    ),
    C(
        "source is opaque",
        ". ./env.sh; source x.sh",
        w(". ./env.sh", opaque=True),
        w("source x.sh", opaque=True),
    ),
    C("make", "make build", w("make build", opaque=True)),
    C(
        "mage task just",
        "mage build; task b; just b",
        w("mage build", opaque=True),
        w("task b", opaque=True),
        w("just b", opaque=True),
    ),
    C("sudo make", "sudo make install", w("make install", opaque=True, wrappers=("sudo",))),
    C(
        "plain program is not opaque",
        "/usr/local/go/bin/go version",
        w("/usr/local/go/bin/go version", opaque=False),
    ),
    C("xargs", "xargs -n1 -r -P4 go get", w("go get", wrappers=("xargs",))),
    C("xargs -I", "xargs -I{} go get {}", w("go get {}", wrappers=("xargs",))),
    C("xargs -0 long options", "xargs -0 --max-args 1 go get", w("go get")),
    C("xargs alone", "xargs", w("xargs", wrappers=())),
    C("time", "time go build", w("go build", wrappers=("time",))),
    C("time -p", "time -p go build", w("go build")),
    C("exec", "exec go run .", w("go run .", wrappers=("exec",))),
    C("exec redirect only", "exec 2>&1", w("exec")),
    C("nohup", "nohup go run . &", w("go run .", wrappers=("nohup",))),
    C("nice", "nice -n 10 go build", w("go build", wrappers=("nice",))),
    C("nice number", "nice -5 go build", w("go build")),
    C("timeout", "timeout -k 5 --signal=KILL 10m go test", w("go test", wrappers=("timeout",))),
    C("command", "command go build", w("go build", wrappers=("command",))),
    C("command -v is a lookup", "command -v go", w("command -v go", wrappers=())),
    C("stdbuf", "stdbuf -oL go test", w("go test", wrappers=("stdbuf",))),
    C("gosu", "gosu app go build", w("go build", user="app", wrappers=("gosu",), env_reset=False)),
    C("su-exec with group", "su-exec app:app go build", w("go build", user="app")),
    C("su -c", "su app -c 'go get x'", w("go get x", user="app", wrappers=("su",))),
    C("su -c before user", "su -c 'go get x' app", w("go get x", user="app")),
    C(
        "su - login",
        "cd /x; su - app -c 'go get x'",
        w("go get x", user="app", cwd=None, cwd_known=False, env_reset=True),
        only="go",
    ),
    C("su -s shell", "su -s /bin/sh app -c 'go build'", w("go build", user="app")),
    C("su without user is root", "su -c 'go build'", w("go build", user="root")),
    C("runuser -u", "runuser -u app -- go build", w("go build", user="app", wrappers=("runuser",))),
    C("runuser su-style", "runuser -l app -c 'go build'", w("go build", user="app")),
    C("doas", "doas -u app go build", w("go build", user="app", env_reset=True)),
    C("tini", "tini -- go run .", w("go run .", wrappers=("tini",))),
    C("eval", "eval 'go build'", w("go build", wrappers=("eval",))),
    C("eval shares the shell", "eval 'cd /x'; go build", w("go build", cwd="/x"), only="go"),
    C("busybox sh", "busybox sh -c 'go build'", w("go build", wrappers=("busybox", "sh"))),
    C(
        "deep nesting",
        "sudo -u app sh -c \"env A=1 bash -c 'cd /x && nice go build'\"",
        w("cd /x"),
        w(
            "go build",
            user="app",
            cwd="/x",
            env=(("A", "1"),),
            wrappers=("sudo", "sh", "env", "bash", "nice"),
        ),
    ),
    C("inner user wins", "sudo -u a gosu b go build", w("go build", user="b")),
    # ---- heredocs inside scripts
    C(
        "shell heredoc is a script",
        "bash <<EOF\ngo build\ngo test\nEOF\ngo vet",
        w("go build", line=1, wrappers=("bash",)),
        w("go test", line=2),
        w("go vet", line=4, wrappers=()),
    ),
    C(
        "heredoc with following command on the opener line",
        "sh -e <<'EOF' && go vet\ngo build\nEOF",
        w("go build", line=1),
        w("go vet", line=0),
    ),
    C(
        "stripped tabs",
        "sh <<-EOF\n\tgo build\n\tEOF",
        w("go build", line=1),
    ),
    C("cat heredoc is not a script", "cat <<EOF > x\ngo build\nEOF", w("cat")),
    C(
        "substitution in an expanding heredoc body",
        "cat <<EOF\n$(go env GOPATH)\nEOF",
        w("go env GOPATH"),
        w("cat"),
    ),
    C(
        "sudo bash heredoc",
        "sudo -u app bash <<EOF\ngo get x\nEOF",
        w("go get x", user="app", wrappers=("sudo", "bash")),
    ),
    C("empty shell heredoc runs nothing", "bash <<EOF\nEOF\ngo vet", w("go vet")),
    C("python heredoc is not shell", "python3 <<EOF\nimport os\nEOF", w("python3")),
    C("here-string", "sh <<< 'go build'", w("go build", wrappers=("sh",))),
    # ---- odd input
    C("tree-sitter brace quirk", "A=1 B=2\n{ go build; }", w("go build"), only="go"),
    C("unterminated quote", "go build 'oops", w("go build"), only="go"),
    C("crlf", "go build\r\ngo test\r\n", w("go build"), w("go test")),
]


@pytest.mark.parametrize("case", SCRIPT_CASES, ids=lambda c: c.id)
def test_parse_script(case: Case) -> None:
    check(parse_script(case.script, case.env), case.want, case.only)


def test_program_is_basename() -> None:
    (command,) = parse_script("/usr/local/go/bin/go build", {})
    assert command.argv[0] == "/usr/local/go/bin/go"
    assert command.program == "go"
    assert Command((), (), None, None, 0).program == ""


def test_env_value_takes_the_last() -> None:
    (command,) = parse_script("export A=1; A=2 go build", {})
    assert command.env_value("A") == "2"
    assert command.env_value("B") is None


# --------------------------------------------------------------------------------------------
# Instructions


def instr(
    original: str,
    value: str | None = None,
    *,
    keyword: str = "RUN",
    flags: tuple[Flag, ...] = (),
    exec_form: tuple[str, ...] | None = None,
    heredocs: tuple[Heredoc, ...] = (),
    line: int = 1,
) -> Instruction:
    lines = original.split("\n")
    if value is None:
        value = original.split(" ", 1)[1] if " " in original else ""
    return Instruction(
        keyword=keyword,
        span=Span(line, 1, line + len(lines) - 1, len(lines[-1]) + 1),
        original=original,
        flags=flags,
        value=value,
        exec_form=exec_form,
        heredocs=heredocs,
        index=0,
    )


@dataclass(frozen=True)
class ICase:
    id: str
    instruction: Instruction
    want: tuple[Want, ...]


INSTRUCTION_CASES = [
    ICase("shell form", instr("RUN go build -o $OUT ."), (w("go build -o /out/app .", line=0),)),
    ICase(
        "continuation lines map back",
        instr(
            "RUN cd /src \\\n    && go mod download \\\n    # a comment\n    && go build",
            "cd /src     && go mod download     && go build",
        ),
        (w("cd /src", line=0), w("go mod download", line=1, cwd="/src"), w("go build", line=3)),
    ),
    ICase(
        "continuation with a flag line",
        instr(
            "RUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download",
            "    go mod download",
            flags=(Flag("mount", "type=cache,target=/go/pkg/mod"),),
        ),
        (w("go mod download", line=1),),
    ),
    ICase(
        "exec form",
        instr('RUN ["go", "build", "-o", "$OUT"]', exec_form=("go", "build", "-o", "$OUT")),
        (w(("go", "build", "-o", "$OUT"), line=0),),
    ),
    ICase(
        "exec form sh -c",
        instr('RUN ["sh", "-c", "go build -o $OUT"]', exec_form=("sh", "-c", "go build -o $OUT")),
        (w("go build -o /out/app", wrappers=("sh",)),),
    ),
    ICase(
        "exec form bash -c",
        instr("RUN [...]", exec_form=("/bin/bash", "-o", "pipefail", "-c", "cd /x && go build")),
        (w("cd /x"), w("go build", cwd="/x", wrappers=("bash",))),
    ),
    ICase("exec form empty", instr("CMD []", keyword="CMD", exec_form=()), ()),
    ICase(
        "exec form entrypoint script",
        instr('ENTRYPOINT ["/entrypoint.sh"]', keyword="ENTRYPOINT", exec_form=("/entrypoint.sh",)),
        (w("/entrypoint.sh", opaque=True),),
    ),
    ICase(
        "exec form gosu",
        instr("ENTRYPOINT [...]", keyword="ENTRYPOINT", exec_form=("gosu", "app", "/app/server")),
        (w("/app/server", user="app"),),
    ),
    ICase("cmd shell form", instr("CMD go run .", keyword="CMD"), (w("go run ."),)),
    ICase(
        "non-ascii before a continuation",
        instr("RUN echo 'héllo ✓' \\\n && go build", "echo 'héllo ✓'  && go build"),
        (w(("echo", "héllo ✓"), line=0), w("go build", line=1)),
    ),
    ICase("not a command instruction", instr("COPY go build", keyword="COPY"), ()),
    ICase(
        "lone heredoc",
        instr(
            "RUN <<EOF\ngo mod download\ngo build\nEOF",
            "<<EOF",
            heredocs=(Heredoc("EOF", "go mod download\ngo build\n", True, False, 2),),
        ),
        (w("go mod download", line=1), w("go build", line=2)),
    ),
    ICase(
        "lone heredoc later in the file",
        instr(
            "RUN <<-'EOF'\n\tset -e\n\tgo build\n\tEOF",
            "<<-'EOF'",
            heredocs=(Heredoc("EOF", "set -e\ngo build\n", False, True, 11),),
            line=10,
        ),
        (w("set -e", line=1), w("go build", line=2)),
    ),
    ICase(
        "heredoc shell shebang",
        instr(
            "RUN <<EOF\n#!/usr/bin/env bash\ngo build\nEOF",
            "<<EOF",
            heredocs=(Heredoc("EOF", "#!/usr/bin/env bash\ngo build\n", True, False, 2),),
        ),
        (w("go build", line=2),),
    ),
    ICase(
        "heredoc python shebang",
        instr(
            "RUN <<EOF\n#!/usr/bin/env python3\nprint('go build')\nEOF",
            "<<EOF",
            heredocs=(
                Heredoc("EOF", "#!/usr/bin/env python3\nprint('go build')\n", True, False, 2),
            ),
        ),
        (w("python3", opaque=True, wrappers=("env",), line=1),),
    ),
    ICase(
        "heredoc absolute interpreter",
        instr(
            "RUN <<EOF\n#!/usr/bin/python3 -u\nx\nEOF",
            "<<EOF",
            heredocs=(Heredoc("EOF", "#!/usr/bin/python3 -u\nx\n", True, False, 2),),
        ),
        (w("/usr/bin/python3 -u", opaque=True),),
    ),
    ICase(
        "bash reads the heredoc",
        instr(
            "RUN bash -e <<EOF\ncd /src\ngo build\nEOF",
            "bash -e <<EOF",
            heredocs=(Heredoc("EOF", "cd /src\ngo build\n", True, False, 2),),
        ),
        (w("cd /src", line=1, wrappers=("bash",)), w("go build", line=2, cwd="/src")),
    ),
    ICase(
        "heredoc first then the shell",
        instr(
            "RUN <<EOF sh\ngo build\nEOF",
            "<<EOF sh",
            heredocs=(Heredoc("EOF", "go build\n", True, False, 2),),
        ),
        (w("go build", line=1, wrappers=("sh",)),),
    ),
    ICase(
        "python reads the heredoc",
        instr(
            "RUN python3 <<EOF\nimport subprocess\nEOF",
            "python3 <<EOF",
            heredocs=(Heredoc("EOF", "import subprocess\n", True, False, 2),),
        ),
        (w("python3", line=0),),
    ),
    ICase(
        "cat heredoc into a file",
        instr(
            "RUN cat <<EOF > /etc/x && go build\nline\nEOF",
            "cat <<EOF > /etc/x && go build",
            heredocs=(Heredoc("EOF", "line\n", True, False, 2),),
        ),
        (w("cat"), w("go build", line=0)),
    ),
    ICase(
        "heredoc with user switch",
        instr(
            "RUN su app <<EOF\ngo get x\nEOF",
            "su app <<EOF",
            heredocs=(Heredoc("EOF", "go get x\n", True, False, 2),),
        ),
        (w("go get x", user="app", line=1),),
    ),
]


@pytest.mark.parametrize("case", INSTRUCTION_CASES, ids=lambda c: c.id)
def test_instruction_commands(case: ICase) -> None:
    check(instruction_commands(case.instruction, ENV), case.want, None)


# --------------------------------------------------------------------------------------------
# --mount


@dataclass(frozen=True)
class MCase:
    id: str
    flags: tuple[str, ...]
    want: tuple[Mount, ...]


def M(id: str, *values: str, want: tuple[Mount, ...]) -> MCase:
    return MCase(id, values, want)


MOUNT_CASES = [
    M(
        "cache",
        "type=cache,target=/go/pkg/mod",
        want=(Mount("cache", "/go/pkg/mod", readonly=False),),
    ),
    M(
        "bind is the default and read-only",
        "target=/src",
        want=(Mount("bind", "/src", readonly=True),),
    ),
    M("bind rw", "target=/src,rw", want=(Mount("bind", "/src", readonly=False),)),
    M(
        "bind readwrite=true",
        "target=/src,readwrite=true",
        want=(Mount("bind", "/src", readonly=False),),
    ),
    M("cache ro", "type=cache,target=/x,ro", want=(Mount("cache", "/x", readonly=True),)),
    M(
        "readonly=false",
        "type=bind,target=/x,readonly=false",
        want=(Mount("bind", "/x", readonly=False),),
    ),
    M("bad bool keeps default", "type=cache,target=/x,ro=maybe", want=(Mount("cache", "/x"),)),
    M("tmpfs writable", "type=tmpfs,target=/tmp", want=(Mount("tmpfs", "/tmp"),)),
    M(
        "secret read-only",
        "type=secret,id=netrc,target=/root/.netrc",
        want=(Mount("secret", "/root/.netrc", id="netrc", readonly=True),),
    ),
    M("ssh", "type=ssh", want=(Mount("ssh", None, readonly=True),)),
    M("dst alias", "type=cache,dst=/a", want=(Mount("cache", "/a"),)),
    M("destination alias", "type=cache,destination=/a", want=(Mount("cache", "/a"),)),
    M(
        "all the fields",
        "type=cache,id=gomod,target=/go/pkg/mod,sharing=LOCKED,uid=1000,gid=1001,mode=0755,from=base,source=/c",
        want=(
            Mount(
                "cache",
                "/go/pkg/mod",
                source="/c",
                from_="base",
                id="gomod",
                uid=1000,
                gid=1001,
                mode=0o755,
                sharing="locked",
            ),
        ),
    ),
    M(
        "src alias",
        "type=bind,src=go.mod,target=go.mod",
        want=(Mount("bind", "go.mod", source="go.mod", readonly=True),),
    ),
    M("upper-case keys and type", "TYPE=CACHE,Target=/x", want=(Mount("cache", "/x"),)),
    M(
        "bad numbers",
        "type=cache,target=/x,uid=-1,gid=abc,mode=0o755",
        want=(Mount("cache", "/x"),),
    ),
    M("mode not octal", "type=cache,target=/x,mode=0789", want=(Mount("cache", "/x"),)),
    M("uid too large", "type=cache,target=/x,uid=4294967296", want=(Mount("cache", "/x"),)),
    M(
        "uid max",
        "type=cache,target=/x,uid=4294967295",
        want=(Mount("cache", "/x", uid=4294967295),),
    ),
    M(
        "variables",
        "type=cache,target=$GOPATH/pkg/mod,uid=${UID}",
        want=(Mount("cache", "/go/pkg/mod", uid=1000),),
    ),
    M(
        "variable defaults",
        "type=cache,target=${GOMODCACHE:-/go/pkg/mod},id=${NOPE:+x}",
        want=(Mount("cache", "/go/pkg/mod", id=""),),
    ),
    M("unknown variable kept", "type=cache,target=$NOPE/x", want=(Mount("cache", "$NOPE/x"),)),
    M("csv quoting", 'type=bind,"target=/a,b"', want=(Mount("bind", "/a,b", readonly=True),)),
    M(
        "two mounts",
        "type=cache,target=/go/pkg/mod",
        "type=cache,target=/root/.cache/go-build",
        want=(Mount("cache", "/go/pkg/mod"), Mount("cache", "/root/.cache/go-build")),
    ),
    M("empty", "", want=(Mount("bind", None, readonly=True),)),
    M("junk", 'a"b,,=,"', want=(Mount("bind", None, readonly=True),)),
]


@pytest.mark.parametrize("case", MOUNT_CASES, ids=lambda c: c.id)
def test_parse_mounts(case: MCase) -> None:
    flags = tuple(Flag("mount", value) for value in case.flags)
    instruction = instr("RUN true", flags=(Flag("link", None), *flags, Flag("mount", None)))
    assert parse_mounts(instruction, {**ENV, "UID": "1000"}) == case.want


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("$GOPATH/x", "/go/x"),
        ("${GOPATH}x", "/gox"),
        (r"\$GOPATH", "$GOPATH"),
        ("${NOPE-a}${EMPTY-b}${EMPTY:-c}", "ac"),
        ("${GOPATH+y}${NOPE+z}", "y"),
        ("${NOPE:-${GOPATH:-q}}", "/go"),
        ("${unclosed", "${unclosed"),
        ("${1abc}", "${1abc}"),
        ("$", "$"),
        ("a$", "a$"),
        ("$$x", "$$x"),
    ],
)
def test_mount_values_are_expanded(text: str, expected: str) -> None:
    instruction = instr("RUN true", flags=(Flag("mount", f"type=cache,target={text}"),))
    assert parse_mounts(instruction, ENV)[0].target == expected


# --------------------------------------------------------------------------------------------
# Robustness and speed


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_script_never_raises(script: str) -> None:
    for command in parse_script(script, ENV):
        assert isinstance(command.argv, tuple)
        assert command.line >= 0


SHELL_ALPHABET = st.sampled_from(
    [
        *list("ab $'\"`\\(){};&|<>\n\t=-~#*!"),
        "${",
        "$(",
        "<<EOF",
        "\nEOF\n",
        "sh -c ",
        "sudo ",
        "cd ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SHELL_ALPHABET, max_size=40).map("".join))
def test_shellish_text_never_raises(script: str) -> None:
    parse_script(script, ENV)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.lists(st.text(), max_size=4))
def test_instruction_and_mounts_never_raise(value: str, mount: str, argv: list[str]) -> None:
    instruction = instr("RUN x\n" + value, value, flags=(Flag("mount", mount),))
    instruction_commands(instruction, ENV)
    parse_mounts(instruction, ENV)
    instruction_commands(instr("RUN [...]", exec_form=tuple(argv)), ENV)
    heredoc = Heredoc("EOF", value, True, False, 2)
    instruction_commands(instr("RUN " + value, value, heredocs=(heredoc,)), ENV)


# Inputs that crash tree-sitter-bash 0.25.1 when handed to it unchanged (its scanner calls
# isdigit/isalpha on code points past U+00FF; tree-sitter/tree-sitter-bash#337).
SCANNER_CRASHERS = [
    "{\U00031860",
    "\U000d39e5@\u00b0<C\ua38d)\u00ea\U0009d712iY{\U000d0ebeX",
    "echo {1..\U0001f600}",
    "cat <<EOF\n$\U00031860\nEOF\n",
    "[ -\U00031860 ]",
    "go build -o \u4e2d\u6587 {\u4e2d",
]


def test_wide_characters_do_not_crash_the_scanner() -> None:
    # A crash would kill the test process, so the parse runs in a child process.
    code = (
        "import sys\n"
        "from dockerlint_go.model.shell import parse_script\n"
        "for _ in range(20):\n"
        "    for script in sys.argv[1:]:\n"
        "        parse_script(script, {})\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *SCANNER_CRASHERS], check=False)
    assert done.returncode == 0


def test_wide_characters_are_kept() -> None:
    (command,) = parse_script("go build -o '\u4e2d\u6587' {\U00031860} \u00e9\u2713", {})
    assert command.argv == ("go", "build", "-o", "\u4e2d\u6587", "{\U00031860}", "\u00e9\u2713")


def test_deep_nesting_does_not_recurse_forever() -> None:
    parse_script("(" * 5000 + "go build" + ")" * 5000, {})
    parse_script("echo " + "${A:-" * 3000 + "x" + "}" * 3000, {})
    parse_script("eval " * 500 + "go build", {})
    parse_script("echo " + "$(" * 2000 + "go build" + ")" * 2000, {})
    (command,) = parse_script("sudo " * 500 + "go build", {})
    assert command.argv == ("go", "build")


def test_many_scripts_are_fast() -> None:
    script = (
        "set -eux; cd /src && export GOFLAGS=-mod=mod\n"
        "CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags '-s -w' -o /out/app ./cmd/app\n"
        "if [ -n \"$VERSION\" ]; then sudo -u app sh -c 'go test ./...'; fi | tee /tmp/log\n"
    )
    parse_script(script, ENV)
    start = time.perf_counter()
    for _ in range(1000):
        parse_script(script, ENV)
    assert time.perf_counter() - start < 2.0


def test_a_long_and_or_chain_keeps_every_command_in_order() -> None:
    # tree-sitter nests one list per operator: the walk must not spend its depth limit on them.
    script = " && ".join(f"mkdir /d{i}" if i % 3 else f"go build ./p{i}" for i in range(600))
    script += " || echo failed; go vet ./..."
    commands = parse_script(script, {})
    assert len(commands) == 602
    assert commands[0].argv == ("go", "build", "./p0")
    assert commands[1].argv == ("mkdir", "/d1")
    assert commands[599].argv == ("mkdir", "/d599")
    assert [c.argv[0] for c in commands[-2:]] == ["echo", "go"]


def test_cd_in_a_long_chain_reaches_the_commands_after_it() -> None:
    script = "cd /src && " + " && ".join(["true"] * 300) + " && go build"
    commands = parse_script(script, {})
    assert commands[-1].argv == ("go", "build")
    assert commands[-1].cwd == "/src"
