FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends golang-go
RUN useradd app
USER app
WORKDIR /tmp/src
COPY --chown=app:app go.mod ./
RUN go mod download
