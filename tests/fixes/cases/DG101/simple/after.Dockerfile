FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
RUN useradd -m app
RUN chown -R app:app /go/pkg/mod
USER app
RUN go get example.com/tool@v1.2.0
