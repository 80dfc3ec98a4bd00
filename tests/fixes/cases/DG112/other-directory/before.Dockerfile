FROM golang:1.22
WORKDIR /src
COPY ./services/api/go.mod /src/
RUN go mod download
COPY services/api/ ./
RUN go build -o /out/api .
