FROM golang:1.22
RUN useradd -m app
USER app
WORKDIR /home/app/src
COPY --chown=app:app go.mod go.sum ./
RUN go mod download
COPY --chown=app:app . .
RUN go build -o /home/app/bin/app .
