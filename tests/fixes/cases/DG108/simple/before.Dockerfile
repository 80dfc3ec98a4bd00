FROM golang:1.22
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go/mod/pkg go build -o /out/app .
