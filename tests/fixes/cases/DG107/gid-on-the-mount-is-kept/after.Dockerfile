FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
RUN --mount=type=cache,target=/go/pkg/mod,gid=1000,uid=1000 go mod download
