FROM registry.example.com/platform/go-builder:1.22
USER app
WORKDIR /tmp/src
COPY go.mod ./
RUN go mod download
