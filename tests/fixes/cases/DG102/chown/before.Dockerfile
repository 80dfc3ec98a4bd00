FROM golang:1.22
RUN useradd -m app
USER app
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go mod download
RUN go build -o /home/app/bin/app .
