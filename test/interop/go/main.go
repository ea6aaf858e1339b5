// The Go peer of test/interop/go-peer.test.ts: reads every shared vector with Go's protobuf, with
// code that protoc-gen-go generates from proto/ (run.sh puts it in rbm/events/v1 of a copy of this
// module), and writes it back.
//
// usage: gopeer VECTOR_FILE... > report.json
//
// For each case of each test/interop/vectors/<message>.json it checks that
//   - binary → message → binary gives the same bytes (proto.Marshal, deterministic);
//   - binary → message → JSON gives the vector's canonical JSON (protojson.Marshal, default options:
//     lowerCamelCase names, enum names, no default values, which is proto3's canonical form);
//   - JSON → message → JSON gives the vector's canonical JSON (protojson.Unmarshal, then as above);
//   - JSON → message → binary gives the vector's bytes.
//
// JSON is compared parsed, not as text: protojson deliberately varies its whitespace from build to
// build so that nobody compares its output byte for byte. Numbers are compared by their float64 bits,
// so -0 and 0 differ.
//
// One known difference: protojson reads "NaN" as Go's math.NaN(), whose bits are 0x7ff8000000000001,
// where the vectors (and JavaScript, Python and protoc's C++) hold the quiet NaN 0x7ff8000000000000.
// Both are NaN, and proto3 does not say which bits a NaN read from JSON has, so before JSON → binary
// such a NaN is set to 0x7ff8000000000000 and the case lists the change under "differences".
//
// The report on standard output is {"runtime", "messages", "vectors": [{"message", "name",
// "failures", "differences"}]}; the exit status is 0 when every case passed, 1 when one failed, 2
// when a file could not be read.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sort"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	// The schema's generated package: importing it registers its messages.
	_ "rbm-events.test/gopeer/rbm/events/v1"
)

// The schema's protobuf package.
const schemaPackage = "rbm.events.v1"

type vectorFile struct {
	Message string `json:"message"`
	Cases   []struct {
		Name   string          `json:"name"`
		JSON   json.RawMessage `json:"json"`
		Binary string          `json:"binary"`
	} `json:"cases"`
}

type result struct {
	Message     string   `json:"message"`
	Name        string   `json:"name"`
	Failures    []string `json:"failures"`
	Differences []string `json:"differences"`
}

type report struct {
	Runtime  string   `json:"runtime"`
	Messages []string `json:"messages"`
	Vectors  []result `json:"vectors"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gopeer VECTOR_FILE...")
		os.Exit(2)
	}
	out := report{Runtime: runtimeName(), Messages: schemaMessages(), Vectors: []result{}}
	failed := false
	for _, path := range os.Args[1:] {
		file, err := readVectorFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gopeer: %s: %v\n", path, err)
			os.Exit(2)
		}
		mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName(file.Message))
		if err != nil {
			fmt.Fprintf(os.Stderr, "gopeer: %s: %v\n", path, err)
			os.Exit(2)
		}
		for _, c := range file.Cases {
			r := check(mt, c.JSON, c.Binary)
			r.Message, r.Name = file.Message, c.Name
			failed = failed || len(r.Failures) > 0
			out.Vectors = append(out.Vectors, r)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintf(os.Stderr, "gopeer: %v\n", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

func readVectorFile(path string) (*vectorFile, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file vectorFile
	if err := json.Unmarshal(text, &file); err != nil {
		return nil, err
	}
	return &file, nil
}

// check runs one vector through the four conversions and says what went wrong, if anything.
func check(mt protoreflect.MessageType, wantJSON json.RawMessage, binary string) result {
	r := result{Failures: []string{}, Differences: []string{}}
	fail := func(format string, args ...interface{}) {
		r.Failures = append(r.Failures, fmt.Sprintf(format, args...))
	}
	wantBinary, err := base64.StdEncoding.DecodeString(binary)
	if err != nil {
		fail("the vector's binary is not base64: %v", err)
		return r
	}

	fromBinary := mt.New().Interface()
	if err := proto.Unmarshal(wantBinary, fromBinary); err != nil {
		fail("binary → message: %v", err)
	} else {
		if got, err := marshalBinary(fromBinary); err != nil {
			fail("binary → message → binary: %v", err)
		} else if !bytes.Equal(got, wantBinary) {
			fail("binary → message → binary: got %s, want %s", base64.StdEncoding.EncodeToString(got), binary)
		}
		if problem := compareJSON(fromBinary, wantJSON); problem != "" {
			fail("binary → message → JSON: %s", problem)
		}
	}

	fromJSON := mt.New().Interface()
	if err := protojson.Unmarshal(wantJSON, fromJSON); err != nil {
		fail("JSON → message: %v", err)
	} else {
		if problem := compareJSON(fromJSON, wantJSON); problem != "" {
			fail("JSON → message → JSON: %s", problem)
		}
		for _, field := range quietNaNs(fromJSON.ProtoReflect()) {
			r.Differences = append(r.Differences, fmt.Sprintf("JSON → message: %s read as NaN 0x%x, written as 0x%x", field, goNaN, quietNaN))
		}
		if got, err := marshalBinary(fromJSON); err != nil {
			fail("JSON → message → binary: %v", err)
		} else if !bytes.Equal(got, wantBinary) {
			fail("JSON → message → binary: got %s, want %s", base64.StdEncoding.EncodeToString(got), binary)
		}
	}
	return r
}

// The bits of Go's math.NaN(), and of the quiet NaN that the vectors hold.
const (
	goNaN    uint64 = 0x7ff8000000000001
	quietNaN uint64 = 0x7ff8000000000000
)

// quietNaNs sets every double field of m (nested messages included) that holds Go's math.NaN() to
// the quiet NaN, and returns the names of the fields it changed.
func quietNaNs(m protoreflect.Message) []string {
	changed := []string{}
	var nested []protoreflect.Message
	var fields []protoreflect.FieldDescriptor
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() || fd.IsMap():
			// The schema has neither; a new one needs a case here, or its NaNs count as failures.
		case fd.Kind() == protoreflect.DoubleKind && math.Float64bits(v.Float()) == goNaN:
			fields = append(fields, fd)
		case fd.Message() != nil:
			nested = append(nested, v.Message())
		}
		return true
	})
	for _, fd := range fields {
		m.Set(fd, protoreflect.ValueOfFloat64(math.Float64frombits(quietNaN)))
		changed = append(changed, string(fd.FullName()))
	}
	for _, n := range nested {
		changed = append(changed, quietNaNs(n)...)
	}
	return changed
}

func marshalBinary(m proto.Message) ([]byte, error) {
	return proto.MarshalOptions{Deterministic: true}.Marshal(m)
}

// compareJSON prints m as canonical proto3 JSON and compares it, parsed, with want; "" when equal.
func compareJSON(m proto.Message, want json.RawMessage) string {
	got, err := protojson.Marshal(m)
	if err != nil {
		return err.Error()
	}
	var g, w interface{}
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Sprintf("protojson wrote invalid JSON %s: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return fmt.Sprintf("the vector's JSON is invalid: %v", err)
	}
	if !sameJSON(g, w) {
		return fmt.Sprintf("got %s, want %s", compact(got), compact(want))
	}
	return ""
}

// sameJSON compares two values that encoding/json parsed; numbers by their bits, so -0 is not 0.
func sameJSON(a, b interface{}) bool {
	switch a := a.(type) {
	case map[string]interface{}:
		b, ok := b.(map[string]interface{})
		if !ok || len(a) != len(b) {
			return false
		}
		for key, value := range a {
			other, ok := b[key]
			if !ok || !sameJSON(value, other) {
				return false
			}
		}
		return true
	case []interface{}:
		b, ok := b.([]interface{})
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !sameJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case float64:
		b, ok := b.(float64)
		return ok && math.Float64bits(a) == math.Float64bits(b)
	default:
		return a == b
	}
}

func compact(text []byte) string {
	var out bytes.Buffer
	if json.Compact(&out, text) != nil {
		return string(text)
	}
	return out.String()
}

// schemaMessages lists the schema's top-level messages by full name, leaving out the file that
// declares the (payload) option, as the Python peer does.
func schemaMessages() []string {
	names := []string{}
	protoregistry.GlobalFiles.RangeFilesByPackage(schemaPackage, func(fd protoreflect.FileDescriptor) bool {
		if fd.Extensions().Len() > 0 {
			return true // a file of options, not of messages RBM sends
		}
		for i := 0; i < fd.Messages().Len(); i++ {
			names = append(names, string(fd.Messages().Get(i).FullName()))
		}
		return true
	})
	sort.Strings(names)
	return names
}

// runtimeName names Go's version and the protobuf module the program was built with.
func runtimeName() string {
	name := runtime.Version()
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "google.golang.org/protobuf" {
				name += ", google.golang.org/protobuf " + dep.Version
			}
		}
	}
	return name
}
