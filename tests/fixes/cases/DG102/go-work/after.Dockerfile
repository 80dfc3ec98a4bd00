FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum go.work go.work.sum ./
COPY api/go.mod ./api/
RUN go mod download
COPY . .
RUN go build -o /out/app .
