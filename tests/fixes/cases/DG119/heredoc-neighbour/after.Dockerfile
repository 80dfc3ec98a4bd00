FROM golang:1.22
RUN <<EOF
set -eu
apt-get update
apt-get install -y --no-install-recommends git
rm -rf /var/lib/apt/lists/*
EOF
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.1
RUN <<EOF
golangci-lint --version
EOF
