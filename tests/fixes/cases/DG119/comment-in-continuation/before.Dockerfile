FROM golang:1.22-bookworm
RUN apt-get update && \
    apt-get install -y --no-install-recommends protobuf-compiler && \
    # the Go plugin for protoc
    go get -u google.golang.org/protobuf/cmd/protoc-gen-go && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN protoc --go_out=. api.proto && go build -o /out/api .
