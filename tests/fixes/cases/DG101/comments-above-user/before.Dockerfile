FROM golang:1.22
RUN go mod download
RUN useradd -m app

# Drop root for everything below.
# (the tools are installed per user)
USER app
RUN go install example.com/tool@v1.2.0
