FROM golang:1.22
RUN groupadd -g 2000 gophers && useradd -m -u 2000 -g gophers app
WORKDIR /home/app/src
COPY --chown=app:gophers go.mod go.sum ./
USER app:gophers
RUN go mod tidy
