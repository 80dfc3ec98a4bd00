FROM golang:1.22
ARG SRC=.
WORKDIR /src
COPY ${SRC} ./
RUN go mod download
