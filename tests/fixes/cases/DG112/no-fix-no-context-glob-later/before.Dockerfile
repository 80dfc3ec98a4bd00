FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY go.* *.go ./
RUN go build -o /out/app .
