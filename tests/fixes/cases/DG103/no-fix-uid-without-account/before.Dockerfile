FROM golang:1.22
WORKDIR /tmp/src
RUN chmod 1777 /tmp/src
COPY go.mod go.sum ./
USER 10001
RUN go mod tidy
