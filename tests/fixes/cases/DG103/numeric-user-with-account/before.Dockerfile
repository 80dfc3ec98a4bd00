FROM golang:1.22
RUN useradd -m -u 1000 app
WORKDIR /home/app/src
COPY go.mod go.sum ./
USER 1000
RUN go mod tidy
