FROM golang:1.22
RUN <<EOF
set -eu
# tools used by go generate
go get -u golang.org/x/tools/cmd/stringer
stringer -help
EOF
