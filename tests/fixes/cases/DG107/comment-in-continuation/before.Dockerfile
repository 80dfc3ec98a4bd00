FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN \
    # was: --mount=type=cache,target=/go/pkg/mod,sharing=locked
    --mount=type=cache,target=/go/pkg/mod,sharing=locked \
    # go build reads the module cache only
    go build -mod=mod -o /tmp/app .
