"""DG117 secret-in-build: the finding sits on the instruction that brings the credential in.

An ARG or ENV whose value a RUN uses as a credential is reported at the ARG or ENV (one finding
naming every use); a RUN is reported itself when it leaves a credential from elsewhere (a
secret mount, a substitution) in a file of its layer, or has one written out in the Dockerfile;
a COPY of a credential file is reported at the COPY. Error in the final image's stages, warning
in a stage it is not built from. The cases with a build context (``COPY . .`` bringing a
.netrc) are in test_dg117_context.py.
"""

from __future__ import annotations

from tests.rules._cases import Case

CASES = (
    # --- ARG and ENV used as the credential ---------------------------------------------------
    Case(
        "arg-in-git-url-of-a-builder-stage",
        """
        FROM golang:1.22 AS build
        ARG GITHUB_TOKEN
        ENV GOPRIVATE=github.com/acme/*
        RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
        RUN go mod download

        FROM gcr.io/distroless/static-debian12
        COPY --from=build /go/bin/app /app
        """,
        ((2, "warning"),),
        (
            "ARG GITHUB_TOKEN at line 2 is a credential for private modules",
            "line 4 puts it into the URL of `git config url.https://${GITHUB_TOKEN}@github.com/",
            "leaves it in /root/.gitconfig",
            "not built from stage 'build'",
        ),
    ),
    Case(
        "arg-in-git-url-unset-again-still-in-history",
        """
        FROM golang:1.22
        ARG GITHUB_TOKEN
        RUN git config --global \\
              url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf \\
              "https://github.com/" \\
         && go mod download \\
         && git config --global --unset-all url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf
        """,
        ((2, "error"),),
        ("deleted in the same RUN", "`docker history --no-trunc` shows `GITHUB_TOKEN=…`"),
    ),
    Case(
        "arg-in-netrc-deleted-in-the-same-run",
        """
        FROM golang:1.22
        ARG GITLAB_TOKEN
        RUN echo "machine gitlab.com login oauth2 password ${GITLAB_TOKEN}" > ~/.netrc \\
         && go mod download && rm -f ~/.netrc
        """,
        ((2, "error"),),
        ("line 3 writes it to a netrc file at /root/.netrc (deleted in the same RUN)",),
    ),
    Case(
        "heredoc-run-writes-netrc",
        """
        FROM golang:1.22
        ARG GITHUB_TOKEN
        RUN <<EOF
        set -e
        cat > ~/.netrc <<NETRC
        machine github.com
        login x-access-token
        password ${GITHUB_TOKEN}
        NETRC
        go mod download
        EOF
        """,
        ((2, "error"),),
        ("line 3 writes it to a netrc file at /root/.netrc and leaves the file in that layer",),
    ),
    Case(
        "user-switch-netrc-in-the-users-home",
        """
        FROM golang:1.22
        RUN useradd -m app
        USER app
        ARG GITHUB_TOKEN
        RUN printf 'machine github.com login x password %s\\n' "$GITHUB_TOKEN" > ~/.netrc \\
         && go mod download && rm /home/app/.netrc
        """,
        ((4, "error"),),
        ("writes it to a netrc file at /home/app/.netrc (deleted in the same RUN)",),
    ),
    Case(
        "arg-written-to-an-ssh-key",
        """
        FROM golang:1.22
        ARG SSH_PRIVATE_KEY
        RUN mkdir -p -m 0700 /root/.ssh \\
         && echo "$SSH_PRIVATE_KEY" > /root/.ssh/id_ed25519 \\
         && ssh-keyscan github.com >> /root/.ssh/known_hosts \\
         && go mod download && rm /root/.ssh/id_ed25519
        """,
        ((2, "error"),),
        ("ARG SSH_PRIVATE_KEY", "an SSH private key at /root/.ssh/id_ed25519"),
    ),
    Case(
        "password-slot-of-git-credentials",
        """
        FROM golang:1.22
        ARG GH_USER
        ARG GH_PAT
        RUN git config --global credential.helper store \\
         && echo "https://${GH_USER}:${GH_PAT}@github.com" > ~/.git-credentials \\
         && go mod download
        """,
        ((3, "error"),),
        ("ARG GH_PAT at line 3", "a git credential store at /root/.git-credentials"),
    ),
    Case(
        "env-copies-the-arg-into-the-image-config",
        """
        FROM golang:1.22
        ARG GITHUB_TOKEN
        ENV GITHUB_TOKEN=${GITHUB_TOKEN}
        RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
        """,
        ((3, "error"),),
        ("ENV GITHUB_TOKEN at line 3 (from ARG GITHUB_TOKEN at line 2)", "docker inspect"),
    ),
    Case(
        "env-of-a-builder-used-by-the-final-stage",
        """
        FROM golang:1.22 AS base
        ARG GITHUB_TOKEN
        ENV GITHUB_TOKEN=$GITHUB_TOKEN

        FROM base AS app
        RUN git config --global \\
              url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" \\
         && go mod download
        """,
        ((3, "error"),),
        ("line 6 puts it into the URL",),
    ),
    Case(
        "exec-form-through-sh-c",
        """
        FROM golang:1.22
        ARG GITHUB_TOKEN
        RUN ["sh", "-c", "git config --global url.https://${GITHUB_TOKEN}@github.com/.insteadOf \\
             https://github.com/ && go mod download"]
        """,
        ((2, "error"),),
        ("line 3 puts it into the URL",),
    ),
    # --- GOPROXY with user:password -------------------------------------------------------------
    Case(
        "env-goproxy-with-the-password-of-an-arg",
        """
        FROM golang:1.22
        ARG ARTIFACTORY_PASSWORD
        ENV GOPROXY=https://ci:${ARTIFACTORY_PASSWORD}@artifactory.corp.example/api/go/go,direct
        RUN go mod download
        """,
        ((3, "error"),),
        (
            "ENV at line 3 sets GOPROXY=https://ci:${ARTIFACTORY_PASSWORD}@artifactory",
            "ARG ARTIFACTORY_PASSWORD (line 2)",
            "docker inspect",
        ),
    ),
    Case(
        "arg-goproxy-default-with-a-literal-password",
        """
        FROM golang:1.22 AS build
        ARG GOPROXY=https://ci:hunter2@proxy.corp.example
        RUN go mod download
        FROM scratch
        COPY --from=build /go/bin /bin
        """,
        ((2, "error"),),
        ("GOPROXY=https://ci:****@proxy.corp.example", "written in the Dockerfile"),
    ),
    Case(
        "goproxy-as-a-run-prefix",
        """
        FROM golang:1.22
        ARG PROXY_PASS
        RUN GOPROXY=https://ci:${PROXY_PASS}@proxy.corp.example GOFLAGS=-mod=mod go mod download
        """,
        ((2, "error"),),
        ("line 3 puts it into GOPROXY=https://ci:${PROXY_PASS}@proxy.corp.example",),
    ),
    Case(
        "goproxy-exported-in-the-run",
        """
        FROM golang:1.22
        ARG PROXY_PASS
        RUN export GOPROXY="https://ci:$PROXY_PASS@proxy.corp.example" && go mod download
        """,
        ((2, "error"),),
        ("with `export`",),
    ),
    Case(
        "go-env-w-saves-goproxy-in-the-layer",
        """
        FROM golang:1.22
        ARG PROXY_TOKEN
        RUN go env -w GOPROXY=https://ci:${PROXY_TOKEN}@proxy.corp.example,direct && go mod download
        """,
        ((2, "error"),),
        ("with `go env -w` and leaves it in /root/.config/go/env",),
    ),
    Case(
        "goproxy-without-credentials-is-silent",
        """
        FROM golang:1.22
        ARG PROXY_USER
        ENV GOPROXY=https://proxy.corp.example,direct GOPRIVATE=corp.example/*
        RUN GOPROXY=https://${PROXY_USER}@proxy.corp.example go mod download
        """,
    ),
    # --- RUN leaving a credential from elsewhere in its layer -------------------------------------
    Case(
        "secret-copied-out-of-its-mount",
        """
        FROM golang:1.22
        RUN --mount=type=secret,id=netrc cp /run/secrets/netrc /root/.netrc && go mod download
        """,
        ((2, "error"),),
        ("RUN at line 2 writes the build secret /run/secrets/netrc into a netrc file",),
    ),
    Case(
        "secret-env-in-a-git-url-left-in-gitconfig",
        """
        FROM golang:1.22 AS build
        RUN --mount=type=secret,id=gh,env=GITHUB_TOKEN \\
            git config --global \\
              url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" \\
         && go mod download
        FROM scratch
        COPY --from=build /go/bin /bin
        """,
        ((2, "warning"),),
        ("$GITHUB_TOKEN (from a secret mount)", "(saved in /root/.gitconfig)"),
    ),
    Case(
        "credential-written-out-in-the-run",
        """
        FROM golang:1.22
        RUN git config --global url."https://ci:s3cr3t-pass@git.corp.example/".insteadOf "https://git.corp.example/"
        """,
        ((2, "error"),),
        ("https://ci:****@git.corp.example/", "written out in the Dockerfile"),
    ),
    # --- the ways of doing it right: silent -------------------------------------------------------
    Case(
        "secret-mounted-where-it-is-read",
        """
        # syntax=docker/dockerfile:1
        FROM golang:1.22
        ENV GOPRIVATE=github.com/acme/*
        RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download
        """,
    ),
    Case(
        "secret-copied-and-deleted-in-the-same-run",
        """
        FROM golang:1.22
        RUN --mount=type=secret,id=netrc cp /run/secrets/netrc /root/.netrc \\
         && go mod download && rm /root/.netrc
        """,
    ),
    Case(
        "netrc-written-to-a-tmpfs",
        """
        FROM golang:1.22
        RUN --mount=type=secret,id=token --mount=type=tmpfs,target=/root/auth \\
            printf 'machine github.com login x password %s\\n' "$(cat /run/secrets/token)" \\
              > /root/auth/.netrc \\
         && NETRC=/root/auth/.netrc go mod download
        """,
    ),
    Case(
        "ssh-agent-and-a-url-rewrite-without-credentials",
        """
        FROM golang:1.22
        RUN mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts
        RUN --mount=type=ssh \\
            git config --global url."git@github.com:".insteadOf "https://github.com/" \\
         && go mod download
        """,
    ),
    Case(
        "exec-form-without-a-shell-expands-nothing",
        """
        FROM golang:1.22
        ARG GITHUB_TOKEN
        RUN ["git", "config", "--global", "url.https://${GITHUB_TOKEN}@github.com/.insteadOf", "https://github.com/"]
        """,
    ),
    Case(
        "cmd-runs-in-the-container-not-the-build",
        """
        FROM golang:1.22
        ARG GITHUB_TOKEN
        CMD ["sh", "-c", "echo machine github.com password $GITHUB_TOKEN > ~/.netrc && ./app"]
        """,
    ),
    Case(
        "secret-looking-arg-never-used-for-modules",
        """
        ARG GITHUB_TOKEN
        FROM golang:1.22
        ARG API_KEY
        RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"
        RUN echo "machine x login y" > /tmp/.netrc-template-${PASSTHROUGH} \\
         && rm /tmp/.netrc-template-*
        """,
    ),
    # --- COPY and ADD of credential files ---------------------------------------------------------
    Case(
        "copy-netrc-then-delete-it",
        """
        FROM golang:1.22
        COPY .netrc /root/.netrc
        RUN go mod download
        RUN rm /root/.netrc
        """,
        ((2, "error"),),
        (
            "COPY at line 2 copies credentials into the image: .netrc (a netrc file) to "
            "/root/.netrc",
            "even though line 4 deletes it later",
        ),
    ),
    Case(
        "copy-netrc-into-a-builder-stage",
        """
        FROM golang:1.22 AS build
        COPY .netrc /root/
        RUN go mod download && go build -o /out/app .
        FROM gcr.io/distroless/static-debian12
        COPY --from=build /out/app /app
        """,
        ((2, "warning"),),
        ("not built from stage 'build'", "build cache"),
    ),
    Case(
        "copy-ssh-key-but-not-known-hosts",
        """
        FROM golang:1.22
        COPY id_rsa /root/.ssh/id_rsa
        COPY known_hosts config /root/.ssh/
        COPY deploy.pub /root/.ssh/
        ADD .ssh /home/app/.ssh
        """,
        ((2, "error"), (5, "error")),
        ("id_rsa (an SSH private key) to /root/.ssh/id_rsa",),
    ),
)
