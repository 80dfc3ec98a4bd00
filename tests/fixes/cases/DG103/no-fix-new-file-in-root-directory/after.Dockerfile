FROM golang:1.22
RUN useradd -m app
WORKDIR /app
COPY . .
USER app
RUN go build -o server .
