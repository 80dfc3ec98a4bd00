FROM golang:1.22
RUN useradd --create-home app && apt-get update && apt-get install -y sudo
WORKDIR /home/app/src
COPY --chown=app:app go.mod ./
RUN sudo -u app go mod download
