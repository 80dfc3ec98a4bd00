FROM golang:1.22
RUN go mod download
RUN groupadd -g 1001 builders && useradd -m -u 1000 -g builders app
USER 1000
RUN go install example.com/tool@v1.2.0
