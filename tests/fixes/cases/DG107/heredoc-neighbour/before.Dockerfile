FROM golang:1.22
RUN <<EOF
set -eu
useradd -m -u 1000 app
EOF
USER app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod <<EOF
# --mount=type=cache,target=/go/pkg/mod is not read here
go mod download
go mod verify
EOF
