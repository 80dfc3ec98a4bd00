FROM golang:1.22
ENV GOPATH=/opt/go PATH=/opt/go/bin:$PATH
RUN go mod download
RUN useradd -m app
USER app
RUN go get example.com/tool@v1.2.0
