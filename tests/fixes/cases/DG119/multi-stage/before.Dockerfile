FROM golang:1.22 AS tools
RUN go get github.com/golang/mock/mockgen@v1.6.0
RUN go get -u -v github.com/swaggo/swag/cmd/swag github.com/google/wire/cmd/wire

FROM tools AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN wire ./... && swag init && mockgen -version
RUN go build -o /out/api .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
