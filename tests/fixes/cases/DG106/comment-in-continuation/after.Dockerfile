FROM golang:1.22
ENV XDG_CACHE_HOME=/var/cache
RUN useradd --create-home app \
    # the source tree belongs to the build user
    && mkdir -p /home/app/src \
    && chown app:app /home/app/src
USER app
ENV GOCACHE=/home/app/.cache/go-build
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go vet ./... \
    # then the binary
    && go build -o /home/app/api .
