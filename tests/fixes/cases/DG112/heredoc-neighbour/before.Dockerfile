FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN <<EOF
set -eux
# go.mod is all the download reads
go mod download
EOF
COPY . .
RUN go build -o /out/app .
