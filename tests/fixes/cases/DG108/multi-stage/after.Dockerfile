FROM golang:1.22 AS base
ENV GOPATH=/opt/go

FROM base AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/opt/go/pkg/mod go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
