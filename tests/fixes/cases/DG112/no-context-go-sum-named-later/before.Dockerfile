FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY go.sum main.go ./
RUN go build -o /out/app .
