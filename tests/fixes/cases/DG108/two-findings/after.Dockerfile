FROM golang:1.22
ENV GOPATH=/opt/go XDG_CACHE_HOME=/cache
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/opt/go/pkg/mod \
    --mount=type=cache,target=/cache/go-build \
    go build -o /out/app .
