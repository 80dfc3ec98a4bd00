FROM golang:1.22
ENV GOPATH=/opt/go
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,dst=/go/pkg/mods \
    go mod download
