# escape=`
FROM golang:1.22
WORKDIR /src
COPY --link `
    go.mod `
    ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
