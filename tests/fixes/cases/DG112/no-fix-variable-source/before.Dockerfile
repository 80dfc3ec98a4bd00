FROM golang:1.22
ARG MODULE_DIR=.
WORKDIR /src
COPY ${MODULE_DIR}/go.mod ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
