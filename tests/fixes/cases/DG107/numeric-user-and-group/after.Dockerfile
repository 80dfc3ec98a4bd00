FROM golang:1.22
USER 10001:10001
WORKDIR /tmp/src
RUN --mount=type=cache,target=/go,uid=10001,gid=10001 GOCACHE=/tmp/gocache go mod download
