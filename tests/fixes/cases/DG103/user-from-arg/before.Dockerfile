FROM golang:1.22
ARG APP_USER=app
RUN useradd -m ${APP_USER}
WORKDIR /home/${APP_USER}/src
COPY . .
USER ${APP_USER}
RUN go mod tidy
