FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download \
    # the user that runs the tests
    && useradd -m app \
    && mkdir -p /home/app/out
RUN chown -R app:app /go/pkg/mod
USER app
RUN go test ./...
