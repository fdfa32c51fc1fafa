module kdual.invalid/faultproxy

go 1.22
