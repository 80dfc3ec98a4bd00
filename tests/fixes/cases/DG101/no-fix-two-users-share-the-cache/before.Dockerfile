FROM golang:1.22
RUN go mod download
RUN useradd -m app && useradd -m ci
USER app
RUN go get example.com/tool@v1.2.0
USER ci
RUN go get example.com/other@v1.0.0
