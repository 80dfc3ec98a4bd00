FROM golang:1.22
ARG SWAG_VERSION=v1.16.3
RUN go get github.com/swaggo/swag/cmd/swag@${SWAG_VERSION}
RUN swag --version
