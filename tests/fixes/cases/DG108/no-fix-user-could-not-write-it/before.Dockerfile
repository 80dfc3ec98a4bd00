FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN --mount=type=cache,target=/root/.cache/go-build go build -o /tmp/app .
