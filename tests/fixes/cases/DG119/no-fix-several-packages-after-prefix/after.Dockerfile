FROM golang:1.22
RUN GOFLAGS=-mod=mod go get -u github.com/swaggo/swag/cmd/swag github.com/google/wire/cmd/wire
RUN swag --version && wire --help
