FROM --platform=$BUILDPLATFORM docker.io/library/golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN go build -o /out/app .

FROM golang:1.22-bookworm AS test
WORKDIR /src
COPY . .
RUN go vet ./...

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
