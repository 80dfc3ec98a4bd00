FROM golang:1.22-alpine AS base
RUN adduser -D -u 1000 app
USER app
WORKDIR /home/app/src

FROM base AS build
COPY --chown=app:app . .
RUN --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 \
    --mount=type=cache,target=/home/app/.cache/go-build,uid=1000,gid=1000 \
    go build -o /tmp/app .

FROM alpine:3.20
COPY --from=build /tmp/app /usr/local/bin/app
