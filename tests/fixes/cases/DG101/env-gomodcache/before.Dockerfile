FROM golang:1.22
ENV GOMODCACHE=/cache/gomod
RUN go mod download
RUN useradd -m app
USER app
CMD ["go", "run", "example.com/tool@v1.2.0"]
