FROM golang:1.22
ENV GOMODCACHE=/cache/gomod
RUN go mod download
RUN useradd -m app
RUN chown -R app:app /cache/gomod
USER app
CMD ["go", "run", "example.com/tool@v1.2.0"]
