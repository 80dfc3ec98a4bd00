FROM golang:1.22
RUN go get -t github.com/swaggo/swag/cmd/swag@v1.16.3
RUN swag --version
