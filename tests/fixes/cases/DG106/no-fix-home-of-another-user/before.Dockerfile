FROM golang:1.22
RUN useradd --create-home owner && useradd --home-dir /home/owner guest
USER guest
WORKDIR /tmp/src
COPY --chown=guest:guest . .
RUN go build -o /tmp/api .
