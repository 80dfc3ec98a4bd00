FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
RUN --mount="type=cache,target=/go/pkg/mod" go mod download
