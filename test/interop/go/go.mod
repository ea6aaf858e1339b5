// The Go peer of test/interop/go-peer.test.ts. run.sh builds it offline: google.golang.org/protobuf
// comes from Debian's golang-google-protobuf-dev, and the schema's package is generated next to it.
module rbm-events.test/gopeer

go 1.19

require google.golang.org/protobuf v1.28.1

replace google.golang.org/protobuf => /usr/share/gocode/src/google.golang.org/protobuf
