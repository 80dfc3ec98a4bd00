FROM --platform=$BUILDPLATFORM \
    # the toolchain follows go.mod
    golang:latest \
    AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
