FROM golang:1.22
RUN go mod download
RUN useradd -m app
USER app
RUN go clean -modcache
