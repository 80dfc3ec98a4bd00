FROM golang:1.22 AS deps
RUN useradd -m app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
USER app
RUN go get example.com/lib@v1.4.0

FROM golang:1.22-alpine AS tidy
RUN adduser -D builder
WORKDIR /home/builder/src
COPY --chown=builder:builder . .
USER builder
RUN go mod tidy
