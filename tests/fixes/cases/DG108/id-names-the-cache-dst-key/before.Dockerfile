FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,id=gomod,dst=/cache,sharing=locked go mod download
