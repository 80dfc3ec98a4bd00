# escape=`
FROM golang:1.22
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN `
    # the module cache
    --mount=type=cache,target=/go/pkg/mod,uid=1000,gid=1000 `
    go mod download
