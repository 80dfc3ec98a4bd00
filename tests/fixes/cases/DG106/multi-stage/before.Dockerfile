FROM golang:1.22 AS base
RUN useradd --create-home --uid 10001 app && mkdir -p /srv/app
ENV HOME=/srv/app
USER app

FROM base AS build
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go build -o /home/app/api .

FROM gcr.io/distroless/static-debian12
COPY --from=build /home/app/api /api
ENTRYPOINT ["/api"]
