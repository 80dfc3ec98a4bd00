package api

// Version is the API version the server speaks.
const Version = "v1"
