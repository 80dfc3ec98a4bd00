FROM golang:1.22
RUN useradd --create-home app \
    # the source tree belongs to the build user
    && mkdir -p /home/app/src \
    && chown app:app /home/app/src
USER app
ENV GOMODCACHE=/home/app/go/pkg/mod
WORKDIR /home/app/src
COPY --chown=app:app go.mod ./
RUN go mod download
