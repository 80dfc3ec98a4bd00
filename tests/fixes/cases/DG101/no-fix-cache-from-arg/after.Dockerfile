FROM golang:1.22
ARG CACHE_DIR=/cache
ENV GOMODCACHE=$CACHE_DIR/gomod
RUN go mod download
RUN useradd -m app
USER app
RUN go get example.com/tool@v1.2.0
