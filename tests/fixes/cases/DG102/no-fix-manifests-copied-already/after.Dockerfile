FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
COPY cmd/ ./cmd/
RUN go mod download
RUN go build -o /out/app ./cmd
