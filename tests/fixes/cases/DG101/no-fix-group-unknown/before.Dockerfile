FROM golang:1.22
RUN go mod download
RUN useradd -m -N app
USER app
RUN go get example.com/tool@v1.2.0
