FROM golang:1.22
WORKDIR /tmp/src
RUN chmod 1777 /tmp/src
COPY --chown=10001:10001 go.mod go.sum ./
USER 10001:10001
RUN go mod tidy
