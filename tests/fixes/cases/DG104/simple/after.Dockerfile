FROM golang:1.22
RUN useradd --create-home app
USER app
ENV GOMODCACHE=/home/app/go/pkg/mod
WORKDIR /home/app/src
COPY --chown=app:app go.mod ./
RUN go mod download
COPY --chown=app:app . .
RUN go build -o /home/app/api .
