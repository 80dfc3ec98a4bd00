# escape=`
FROM golang:1.22
RUN go get -u github.com/swaggo/swag/cmd/swag `
    && swag --version
