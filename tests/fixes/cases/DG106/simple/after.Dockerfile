FROM golang:1.22
ENV XDG_CACHE_HOME=/var/cache
RUN useradd --create-home app
USER app
ENV GOCACHE=/home/app/.cache/go-build
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go build -o /home/app/api .
