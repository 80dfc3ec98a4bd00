FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN \
    # was: --mount=type=cache,target=/root/.cache/go-build,uid=1000
    --mount=type=cache,target=/home/app/.cache/go-build,uid=1000 \
    # the build cache of app
    go build -o /tmp/app .
