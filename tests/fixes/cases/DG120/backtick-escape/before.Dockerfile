# escape=`
FROM --platform=linux/amd64 `
    golang:1-alpine3.20 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
