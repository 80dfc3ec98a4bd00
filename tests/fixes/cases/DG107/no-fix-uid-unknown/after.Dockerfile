FROM golang:1.22
RUN useradd -m builder
USER builder
RUN --mount=type=cache,target=/go/pkg/mod go mod download
