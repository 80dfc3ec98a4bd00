FROM golang:1.22
RUN useradd app
USER app
WORKDIR /tmp/src
COPY --chown=app:app . .
RUN go build -o /tmp/api .
