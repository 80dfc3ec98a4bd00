FROM golang:1.22
WORKDIR /src
RUN <<EOF
set -eux
mkdir -p /out
# the sources come next
EOF
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN <<EOF
set -eux
go mod download
go build -o /out/app .
EOF
