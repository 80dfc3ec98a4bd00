FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod go mod download
