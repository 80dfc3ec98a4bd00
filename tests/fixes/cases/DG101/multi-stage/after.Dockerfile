FROM golang:1.22 AS deps
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download

FROM deps AS build
  RUN useradd -m app
  RUN chown -R app:app /go/pkg/mod
  USER app
  COPY --chown=app:app . .
  RUN go build -o /tmp/server ./cmd/server

FROM gcr.io/distroless/static:nonroot
COPY --from=build /tmp/server /server
USER nonroot
ENTRYPOINT ["/server"]
