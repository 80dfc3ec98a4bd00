FROM golang:1.22
WORKDIR /src
COPY . .
RUN git config --global url."https://github.com/".insteadOf "git@github.com:"
RUN go mod download
RUN go build -o /out/app .
