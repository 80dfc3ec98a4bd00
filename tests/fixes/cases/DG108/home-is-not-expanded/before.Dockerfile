FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,target=$HOME/.cache/go-build go build -o /out/app .
