FROM golang:1.22
RUN apt-get update \
    # git fetches the modules that are not on the proxy
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
# Everything the build needs.
COPY \
    # sources and manifests
    . .
RUN go build \
    # a static binary
    -ldflags="-s -w" \
    -o /out/app .
