FROM golang:1.22-alpine
RUN addgroup -S gophers && adduser -D -G gophers app
WORKDIR /home/app/src
ADD --chown=app:gophers go.mod go.sum ./
USER app
RUN go mod tidy
