FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY \
    # the module files first, for the layer cache
    go.mod go.sum ./
USER app
RUN go mod tidy \
    # then the rest
    && go mod verify
