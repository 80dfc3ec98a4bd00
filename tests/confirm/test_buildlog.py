"""Reading build logs, without Docker."""

from __future__ import annotations

from dockerlint_go.confirm.buildlog import Builder, BuildkitLogParser, ClassicLogParser

CLASSIC = [
    {"stream": "Step 1/4 : FROM golang:1.19"},
    {"stream": "\n"},
    {"stream": " ---> 44fc3ffd8201\n"},
    {"stream": "Step 2/4 : COPY . ."},
    {"stream": "\n"},
    {"stream": " ---> Using cache\n ---> ec8d86025beb\n"},
    {"stream": "Step 3/4 : USER app\n"},
    {"stream": " ---> Running in 690f7787a006\n"},
    {"stream": "Removing intermediate container 690f7787a006\n"},
    {"stream": " ---> c89bdf919b2d\n"},
    {"stream": "Step 4/4 : RUN go mod tidy"},
    {"stream": "\n"},
    {"stream": " ---> Running in 3f82a9d909ed\n"},
    {"stream": "\x1b[91mgo: updating go.mod: open /app/"},
    {"stream": "go.mod: permission denied\n\x1b[0m"},
    {"stream": "Removing intermediate container 3f82a9d909ed\n"},
    {
        "errorDetail": {
            "code": 1,
            "message": "The command '/bin/sh -c go mod tidy' returned a non-zero code: 1",
        },
        "error": "The command '/bin/sh -c go mod tidy' returned a non-zero code: 1",
    },
]


def test_classic_steps_cache_ids_and_output() -> None:
    parser = ClassicLogParser()
    started = [s for s in (parser.feed(c) for c in CLASSIC) if s]
    log = parser.result()
    assert started == ["FROM golang:1.19", "COPY . .", "USER app", "RUN go mod tidy"]
    assert log.builder is Builder.CLASSIC
    assert [s.number for s in log.steps] == [1, 2, 3, 4]
    assert [s.cached for s in log.steps] == [False, True, False, False]
    assert log.steps[0].image_id == "44fc3ffd8201"
    assert log.steps[3].output == ("go: updating go.mod: open /app/go.mod: permission denied",)
    assert log.steps[3].failed and log.failed_step is log.steps[3]
    assert not log.succeeded and "non-zero code" in (log.error or "")
    # The FROM image and cache hits are not ours to remove; the USER step's image is.
    assert log.created == ("c89bdf919b2d",)
    assert log.containers == ("690f7787a006", "3f82a9d909ed")
    assert log.image_id is None


def test_classic_success() -> None:
    parser = ClassicLogParser()
    for chunk in (
        {"stream": "Step 1/2 : FROM golang:1.19\n ---> 44fc3ffd8201\n"},
        {"stream": "Step 2/2 : ENV A=1\n ---> Running in 1234567890ab\n ---> abcdefabcdef\n"},
        {"stream": "Successfully built abcdefabcdef\nSuccessfully tagged x:1\n"},
    ):
        parser.feed(chunk)
    log = parser.result()
    assert log.succeeded and log.image_id == "abcdefabcdef"
    assert log.steps[1].output == ()


BUILDKIT = """\
#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#4 [build 1/4] FROM docker.io/library/golang:1.19
#4 DONE 0.0s
#7 [build 3/4] COPY . .
#7 CACHED
#8 [build 4/4] RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .
#8 sha256:f02d0f098a5551091bee096f8e997d84a6d398b781ea837a83c365b150dbfb3e
#8 0.059 go: downloading example.com/greet v1.0.0
#8 DONE 0.4s
#9 exporting to image
#9 writing image sha256:b1af1b958812ec765176a86778b44a7a97c053c930755e20d0acfa4a486e8635 done
#9 DONE 0.1s
"""


def test_buildkit_plain_progress() -> None:
    parser = BuildkitLogParser()
    for line in BUILDKIT.splitlines(keepends=True):
        parser.feed(line)
    log = parser.result(0)
    assert log.builder is Builder.BUILDKIT
    assert [s.text for s in log.steps] == [
        "FROM docker.io/library/golang:1.19",
        "COPY . .",
        "RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .",
    ]
    assert [s.cached for s in log.steps] == [False, True, False]
    assert log.steps[2].stage == "build" and log.steps[2].index_in_stage == 4
    assert log.steps[2].output == ("go: downloading example.com/greet v1.0.0",)
    assert log.image_id is not None and log.image_id.startswith("sha256:b1af")


def test_buildkit_failure() -> None:
    parser = BuildkitLogParser()
    for line in (
        "#5 [2/3] RUN go mod download\n",
        "#5 0.2 go: could not create module cache: mkdir /home/app: permission denied\n",
        "#5 ERROR: executor failed running [/bin/sh -c go mod download]: exit code: 1\n",
        "failed to solve with frontend dockerfile.v0: failed to build LLB: executor failed\n",
    ):
        parser.feed(line)
    log = parser.result(1)
    assert not log.succeeded
    assert log.failed_step is log.steps[0]
    assert log.error is not None and log.error.startswith("failed to solve")
