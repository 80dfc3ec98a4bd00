FROM golang:1.22
RUN useradd -m app && useradd -m other
WORKDIR /home/app/src
COPY --chown=other:other go.mod go.sum ./
USER app
RUN go mod tidy
