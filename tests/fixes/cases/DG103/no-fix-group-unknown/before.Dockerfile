FROM golang:1.22
RUN useradd -m -N app
WORKDIR /home/app/src
COPY go.mod go.sum ./
USER app
RUN go mod tidy
