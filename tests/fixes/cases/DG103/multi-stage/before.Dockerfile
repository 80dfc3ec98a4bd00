FROM golang:1.22 AS src
RUN useradd -m app
WORKDIR /home/app/src
COPY go.mod go.sum ./

FROM src AS tidy
USER app
RUN go mod tidy

FROM gcr.io/distroless/static-debian12
COPY --from=tidy /home/app/src/go.mod /go.mod
