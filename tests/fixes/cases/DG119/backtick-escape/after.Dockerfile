# escape=`
FROM golang:1.22
RUN go install github.com/swaggo/swag/cmd/swag@latest `
    && swag --version
