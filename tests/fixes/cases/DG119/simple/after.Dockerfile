FROM golang:1.22
RUN go install github.com/swaggo/swag/cmd/swag@latest
WORKDIR /src
COPY . .
RUN swag init && go build -o /out/app .
