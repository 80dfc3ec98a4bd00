FROM golang:1.22
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod go build -o /out/app .
