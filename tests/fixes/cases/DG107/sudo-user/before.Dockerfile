FROM golang:1.22
RUN useradd -m -u 1000 -g 100 app
RUN --mount=type=cache,target=/go/pkg/mod sudo -u app -E go mod download
