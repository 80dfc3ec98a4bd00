# escape=`
FROM golang:1.22
WORKDIR /src
RUN `
    # the build cache
    --mount=type=cache,target=/root/.cache/go-build `
    go build -o /out/app .
