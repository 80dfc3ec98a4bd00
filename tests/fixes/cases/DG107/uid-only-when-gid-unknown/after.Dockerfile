FROM golang:1.22 AS base
RUN adduser --disabled-password --uid 2000 app
USER app

FROM base AS build
RUN --mount=type=cache,target=/go/pkg/mod,uid=2000 go build -o /tmp/app .
