FROM golang:alpine AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
