FROM golang:bookworm AS build
RUN <<EOF
set -eu
apt-get update
apt-get install -y --no-install-recommends git
rm -rf /var/lib/apt/lists/*
EOF
WORKDIR /src
COPY . .
RUN go build -o /out/app .
