FROM golang:1.22
RUN go mod download
RUN useradd -m app
RUN sudo -E -u app go get example.com/tool@v1.2.0
