ARG GO_VARIANT=alpine
FROM golang:${GO_VARIANT} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
