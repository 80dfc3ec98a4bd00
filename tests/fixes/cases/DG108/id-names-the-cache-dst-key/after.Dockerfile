FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,id=gomod,dst=/go/pkg/mod,sharing=locked go mod download
