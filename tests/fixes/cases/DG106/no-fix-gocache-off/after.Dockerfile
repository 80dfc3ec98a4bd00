FROM golang:1.22
RUN useradd --create-home app
USER app
ENV GOCACHE=off
WORKDIR /home/app/src
COPY --chown=app:app . .
RUN go build -o /home/app/api .
