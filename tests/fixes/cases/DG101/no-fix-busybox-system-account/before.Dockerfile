FROM golang:1.22-alpine
RUN go install example.com/tool@v1.2.0
RUN adduser -D --system app
USER app
RUN go install example.com/other@v1.0.0
