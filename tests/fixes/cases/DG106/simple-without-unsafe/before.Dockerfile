FROM golang:1.22
ENV XDG_CACHE_HOME=/var/cache
RUN useradd --create-home app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go build -o /home/app/api .
