FROM golang:1.22
RUN useradd -m app
WORKDIR /home/app/src
COPY --chown=app:app . .
USER app
RUN go mod tidy
