FROM golang:1.22
RUN <<EOF
set -eu
useradd -m app
EOF
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
USER app
RUN <<EOF
go mod tidy
go mod verify
EOF
