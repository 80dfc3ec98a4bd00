FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/go/pkg/mods \
    go mod download
