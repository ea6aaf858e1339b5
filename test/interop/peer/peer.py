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
import random
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


def is_timestamp(field):
    return field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.full_name == "google.protobuf.Timestamp"


def check_supported(cls):
    for field in cls.DESCRIPTOR.fields:
        if field.label == FieldDescriptor.LABEL_REPEATED or not (
            field.type in (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_ENUM) or is_timestamp(field)
        ):
            sys.exit("peer.py: %s: no cases for this kind of field; extend test/interop/peer/peer.py" % field.full_name)


def set_timestamp(message, field, seconds, nanos):
    getattr(message, field.name).CopyFrom(timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos))


def random_string(rng):
    chars = []
    for _ in range(rng.randrange(0, 40)):
        low, high = rng.choice(ALPHABETS)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def random_message(cls, rng):
    message = cls()
    for field in cls.DESCRIPTOR.fields:
        if rng.random() < 0.3:
            continue
        if field.type == FieldDescriptor.TYPE_STRING:
            setattr(message, field.name, random_string(rng))
        elif field.type == FieldDescriptor.TYPE_ENUM:
            numbers = [v.number for v in field.enum_type.values]
            number = rng.choice(numbers) if rng.random() < 0.8 else rng.randint(-(2**31), 2**31 - 1)
            setattr(message, field.name, number)
        else:
            nanos = rng.choice([0, rng.randrange(1000) * 1000000, rng.randrange(1000000) * 1000, rng.randrange(10**9)])
            set_timestamp(message, field, rng.randint(MIN_SECONDS, MAX_SECONDS), nanos)
    return message


def own_cases(cls):
    """Messages Python builds: defaults, every field, each enum number, Timestamps, strings, random."""
    check_supported(cls)
    fields = cls.DESCRIPTOR.fields
    cases = [("defaults only", cls())]
    full = cls()
    for field in fields:
        if field.type == FieldDescriptor.TYPE_STRING:
            setattr(full, field.name, "python " + field.name)
        elif field.type == FieldDescriptor.TYPE_ENUM:
            setattr(full, field.name, field.enum_type.values[-1].number)
        else:
            set_timestamp(full, field, 1709633730, 123456789)
    cases.append(("every field set", full))
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
    for note, text in STRINGS:
        message = cls()
        for field in fields:
            if field.type == FieldDescriptor.TYPE_STRING:
                setattr(message, field.name, text)
        cases.append(("%s strings" % note, message))
    rng = random.Random("rbm-events peer " + cls.DESCRIPTOR.full_name)
    cases.extend(("random %d" % i, random_message(cls, rng)) for i in range(200))
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
    covered = set(request["messages"])
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
            if full_name in covered
            for name, message in own_cases(cls)
        ],
    }
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
