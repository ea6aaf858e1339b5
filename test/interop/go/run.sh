#!/usr/bin/env bash
# Builds the Go peer (main.go) against code protoc-gen-go generates from proto/, and runs it on the
# given vector files: its report goes to standard output, its exit status is the peer's (main.go).
#
#   bash test/interop/go/run.sh test/interop/vectors/*.json
#
# Offline: protoc and protoc-gen-go from PATH, google.golang.org/protobuf from the directory that
# go.mod's replace names (Debian's golang-google-protobuf-dev). Everything is built in a temporary
# copy of this module; GOCACHE, when set, keeps the compiled protobuf runtime between runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
proto=$(cd "$here/../../../proto" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/rbm-events-go-peer-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

cp "$here/go.mod" "$here/main.go" "$work/"
# The command docs/polyglot.md shows: the .proto files' go_package puts the package in rbm/events/v1.
protoc -I "$proto" --go_out="$work" "$proto"/rbm/events/v1/*.proto

export GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off GO111MODULE=on GOTOOLCHAIN=local
(cd "$work" && go build -o gopeer .)
"$work/gopeer" "$@"
