FROM golang:1.22
ARG APP_USER=app
RUN go mod download
RUN useradd -m ${APP_USER}
USER ${APP_USER}
RUN go get example.com/tool@latest
