FROM golang:1.22
RUN <<EOF
set -eu
# tools used by go generate
go install golang.org/x/tools/cmd/stringer@latest
stringer -help
EOF
