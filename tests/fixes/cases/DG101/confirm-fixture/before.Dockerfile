# The build of fixtures/confirm/DG101/bad, with its go.mod and go.sum as the build context.
FROM scratch AS goproxy
COPY goproxy /goproxy

FROM golang:1.19
ENV GOPROXY=file:///goproxy GOSUMDB=off CGO_ENABLED=0
COPY --from=goproxy /goproxy /goproxy
RUN useradd -m app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN go mod download
USER app
COPY --chown=app:app main.go ./
RUN go mod download example.com/extra@v1.0.0
RUN go build -o /tmp/app . && /tmp/app
