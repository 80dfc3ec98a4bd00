# escape=`
FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY --chown=app:app `
    # the module files
    go.mod go.sum ./
USER app
RUN go mod tidy && `
    go mod verify
