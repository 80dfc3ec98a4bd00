FROM golang:1.22
RUN go get -u github.com/swaggo/swag/cmd/swag
WORKDIR /src
COPY . .
RUN swag init && go build -o /out/app .
