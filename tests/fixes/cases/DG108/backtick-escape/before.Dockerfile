# escape=`
FROM golang:1.22
WORKDIR /src
RUN `
    # the build cache
    --mount=type=cache,target=/gocache `
    go build -o /out/app .
