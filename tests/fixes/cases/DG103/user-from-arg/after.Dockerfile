FROM golang:1.22
ARG APP_USER=app
RUN useradd -m ${APP_USER}
WORKDIR /home/${APP_USER}/src
COPY --chown=${APP_USER}:${APP_USER} . .
USER ${APP_USER}
RUN go mod tidy
