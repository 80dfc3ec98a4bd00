FROM golang:1.22
RUN <<EOF
set -e
# fill the module cache as root
go mod download
useradd -m app
EOF
RUN chown -R app:app /go/pkg/mod
USER app
RUN <<'SCRIPT'
  set -e
	go get example.com/tool@v1.2.0
SCRIPT
