FROM golang:1.22
WORKDIR /src
COPY . .
RUN GOPRIVATE=example.com/* go build -o /out/app .
