FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y --no-install-recommends golang-go \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 app
USER app

FROM base AS build
WORKDIR /home/app/src
COPY --chown=app:app go.mod ./
RUN go mod download
COPY --chown=app:app . .
RUN go build -o /home/app/api .

FROM gcr.io/distroless/static-debian12
COPY --from=build /home/app/api /api
ENTRYPOINT ["/api"]
