FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN useradd -m app && chown app /src
USER app
RUN go mod tidy
