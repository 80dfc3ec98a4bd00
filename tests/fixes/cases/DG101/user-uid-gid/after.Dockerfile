FROM golang:1.22
RUN go mod download
RUN groupadd -g 1000 app && useradd -m -u 1000 -g app app
RUN chown -R 1000:1000 /go/pkg/mod
USER 1000:1000
RUN go install example.com/tool@v1.2.0
