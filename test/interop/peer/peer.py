"""The Python peer of test/peer.test.ts: reads and writes the schema's messages with Python's protobuf.

usage: peer.py PROTOC PROTO_DIR < request.json > response.json

The request is {"vectors": [{"message", "name", "json", "binary"}]}: canonical JSON text and
base64 binary that TypeScript wrote. For each vector the response says what Python makes of the
binary (json_format.MessageToJson, default options) and of the JSON (json_format.Parse, then
SerializeToString). The response also carries "cases": messages Python builds itself, each with
its binary and MessageToJson, for TypeScript to read.
"""

import base64
import json
import math
import random
import struct
import sys

from google.protobuf import json_format, timestamp_pb2
from google.protobuf.descriptor import FieldDescriptor

from rbm_proto import load_messages, runtime

MIN_SECONDS = -62135596800  # 0001-01-01T00:00:00Z
MAX_SECONDS = 253402300799  # 9999-12-31T23:59:59Z

STRINGS = [
    ("BMP", "h\u00e9llo w\u00f6rld \u2014 \u4e2d\u6587 \ud55c\uad6d\uc5b4"),
    ("astral", "\U0001F600 \U0001F469\u200d\U0001F469\u200d\U0001F467 \U0001D11E \U0002000B"),
    ("combining marks", "e\u0301 a\u0308 \u0915\u094d\u0937\u093f"),
    ("right-to-left", "\u0645\u0631\u062d\u0628\u0627 \u200f \u05e9\u05dc\u05d5\u05dd"),
    ("controls", '\x00\x01\x1f\x7f "quoted" back\\slash\n\t\u2028'),
    ("300 characters", "abc" * 100),
]

TIMESTAMPS = [
    ("the epoch", 0, 0),
    ("the last nanosecond before 1970", -1, 999999999),
    ("before 1970 with milliseconds", -11, 500000000),
    ("before 1970 with microseconds", -2208988800, 1000),
    ("the lower bound", MIN_SECONDS, 0),
    ("the upper bound", MAX_SECONDS, 999999999),
    ("nanoseconds", 1709633730, 1),
]

# Code points random strings draw from: ASCII, Latin-1, CJK and astral ranges, never surrogates.
ALPHABETS = [(0x20, 0x7E), (0x00, 0x1F), (0xA0, 0xFF), (0x4E00, 0x4FFF), (0x1F300, 0x1F64F), (0x10000, 0x10FFFF)]


DOUBLES = [
    ("zero", 0.0),
    ("negative zero", -0.0),
    ("an integer", 90.0),
    ("a fraction", -122.084056),
    ("0.1", 0.1),
    ("NaN", float("nan")),
    ("Infinity", float("inf")),
    ("-Infinity", float("-inf")),
    ("the largest double", sys.float_info.max),
    ("the smallest subnormal", 5e-324),
    ("the smallest normal", sys.float_info.min),
    ("a large exponent", 6.02214076e23),
]

INT32S = [0, 1, -1, 2**31 - 1, -(2**31)]

SCALARS = (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_ENUM, FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_DOUBLE)


def is_timestamp(field):
    return field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.full_name == "google.protobuf.Timestamp"


def is_message(field):
    return field.type == FieldDescriptor.TYPE_MESSAGE and not is_timestamp(field)


def check_supported(descriptor):
    for field in descriptor.fields:
        if field.label == FieldDescriptor.LABEL_REPEATED or not (field.type in SCALARS or field.type == FieldDescriptor.TYPE_MESSAGE):
            sys.exit("peer.py: %s: no cases for this kind of field; extend test/interop/peer/peer.py" % field.full_name)
        if is_message(field):
            check_supported(field.message_type)


def set_timestamp(message, field, seconds, nanos):
    getattr(message, field.name).CopyFrom(timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos))


def random_string(rng):
    chars = []
    for _ in range(rng.randrange(0, 40)):
        low, high = rng.choice(ALPHABETS)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def random_double(rng):
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(DOUBLES)[1]
    if roll < 0.6:
        return rng.uniform(-180, 180)
    value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    # JSON has one NaN: a NaN with other payload bits cannot come back from "NaN" to the same bytes.
    return float("nan") if math.isnan(value) else value


def random_fill(message, rng, depth=0):
    """Sets about 70% of the fields, members of a oneof included (the last one set wins)."""
    for field in message.DESCRIPTOR.fields:
        if rng.random() < 0.3:
            continue
        if field.type == FieldDescriptor.TYPE_STRING:
            setattr(message, field.name, random_string(rng))
        elif field.type == FieldDescriptor.TYPE_ENUM:
            numbers = [v.number for v in field.enum_type.values]
            number = rng.choice(numbers) if rng.random() < 0.8 else rng.randint(-(2**31), 2**31 - 1)
            setattr(message, field.name, number)
        elif field.type == FieldDescriptor.TYPE_INT32:
            setattr(message, field.name, rng.choice(INT32S) if rng.random() < 0.3 else rng.randint(-(2**31), 2**31 - 1))
        elif field.type == FieldDescriptor.TYPE_DOUBLE:
            setattr(message, field.name, random_double(rng))
        elif is_timestamp(field):
            nanos = rng.choice([0, rng.randrange(1000) * 1000000, rng.randrange(1000000) * 1000, rng.randrange(10**9)])
            set_timestamp(message, field, rng.randint(MIN_SECONDS, MAX_SECONDS), nanos)
        else:
            nested = getattr(message, field.name)
            nested.SetInParent()
            if depth < 3:
                random_fill(nested, rng, depth + 1)
    return message


def full_fill(message):
    """Sets every field; of a oneof, the last member set stays."""
    for field in message.DESCRIPTOR.fields:
        if field.type == FieldDescriptor.TYPE_STRING:
            setattr(message, field.name, "python " + field.name)
        elif field.type == FieldDescriptor.TYPE_ENUM:
            setattr(message, field.name, field.enum_type.values[-1].number)
        elif field.type == FieldDescriptor.TYPE_INT32:
            setattr(message, field.name, 127806)
        elif field.type == FieldDescriptor.TYPE_DOUBLE:
            setattr(message, field.name, -33.8688)
        elif is_timestamp(field):
            set_timestamp(message, field, 1709633730, 123456789)
        else:
            full_fill(getattr(message, field.name))
    return message


def own_cases(cls):
    """Messages Python builds: defaults, every field, each oneof member, each enum number,
    Timestamps, doubles and int32s at their edges, strings, random ones."""
    check_supported(cls.DESCRIPTOR)
    fields = cls.DESCRIPTOR.fields
    cases = [("defaults only", cls()), ("every field set", full_fill(cls()))]
    for field in fields:
        if field.type == FieldDescriptor.TYPE_ENUM:
            numbers = [v.number for v in field.enum_type.values] + [max(v.number for v in field.enum_type.values) + 1]
            for number in numbers + [-1, 2**31 - 1, -(2**31)]:
                message = cls()
                setattr(message, field.name, number)
                cases.append(("%s = %d" % (field.name, number), message))
        elif is_timestamp(field):
            for note, seconds, nanos in TIMESTAMPS:
                message = cls()
                set_timestamp(message, field, seconds, nanos)
                cases.append(("%s at %s" % (field.name, note), message))
        elif field.type == FieldDescriptor.TYPE_DOUBLE:
            for note, value in DOUBLES:
                message = cls()
                setattr(message, field.name, value)
                cases.append(("%s %s" % (field.name, note), message))
        elif field.type == FieldDescriptor.TYPE_INT32:
            for value in INT32S:
                message = cls()
                setattr(message, field.name, value)
                cases.append(("%s = %d" % (field.name, value), message))
        elif is_message(field):
            message = cls()
            getattr(message, field.name).SetInParent()
            cases.append(("%s set, empty" % field.name, message))
            message = cls()
            full_fill(getattr(message, field.name))
            cases.append(("%s set, every field" % field.name, message))
        if field.containing_oneof is not None and field.type == FieldDescriptor.TYPE_STRING:
            message = cls()
            setattr(message, field.name, "")
            cases.append(("%s set to the default, in oneof %s" % (field.name, field.containing_oneof.name), message))
    for note, text in STRINGS:
        message = cls()
        for field in fields:
            if field.type == FieldDescriptor.TYPE_STRING:
                setattr(message, field.name, text)
        cases.append(("%s strings" % note, message))
    rng = random.Random("rbm-events peer " + cls.DESCRIPTOR.full_name)
    cases.extend(("random %d" % i, random_fill(cls(), rng)) for i in range(200))
    return cases


def attempt(run):
    """Runs one conversion; an exception becomes its message, so one bad vector names itself."""
    try:
        return {"ok": True, "value": run()}
    except Exception as error:  # noqa: BLE001 - any failure is a finding to report
        return {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}


def read_vector(cls, vector):
    def from_binary():
        message = cls()
        message.ParseFromString(base64.b64decode(vector["binary"]))
        return json.loads(json_format.MessageToJson(message))

    def from_json():
        message = json_format.Parse(vector["json"], cls())
        return base64.b64encode(message.SerializeToString()).decode("ascii")

    return {"fromBinary": attempt(from_binary), "fromJson": attempt(from_json)}


def main():
    protoc, proto_dir = sys.argv[1:3]
    messages = load_messages(protoc, proto_dir)
    request = json.load(sys.stdin)
    response = {
        "runtime": runtime(),
        "messages": sorted(messages),
        "vectors": [read_vector(messages[v["message"]], v) for v in request["vectors"]],
        "cases": [
            {
                "message": full_name,
                "name": name,
                "binary": base64.b64encode(message.SerializeToString()).decode("ascii"),
                "json": json_format.MessageToJson(message),
            }
            for full_name, cls in sorted(messages.items())
            for name, message in own_cases(cls)
        ],
    }
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
