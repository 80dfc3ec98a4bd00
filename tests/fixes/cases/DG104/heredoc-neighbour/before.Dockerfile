FROM golang:1.22
RUN useradd --create-home app
USER app
RUN <<EOF
set -eu
mkdir -p /home/app/src
EOF
WORKDIR /home/app/src
COPY --chown=app:app go.mod ./
RUN go mod download
