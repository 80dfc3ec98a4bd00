FROM golang:1.22
WORKDIR /src
RUN --mount=type=cache,target=/gopath-cache go build -o /out/app .
