FROM golang:1.22
WORKDIR /src
RUN <<EOF
set -eu
echo "--mount=type=cache,target=/go/pkg/mods"
EOF
RUN --mount=type=cache,target=/go/pkg/mods <<EOF
go mod download
go build -o /out/app .
EOF
