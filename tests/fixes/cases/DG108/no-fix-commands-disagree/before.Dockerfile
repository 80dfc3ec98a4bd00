FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,target=/gocache \
    go build -o /out/a . && GOCACHE=/tmp/gocache go vet ./...
