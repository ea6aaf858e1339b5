"""The reference side of test/differential.test.ts: Python's json_format.Parse on every document.

usage: reference.py PROTOC PROTO_DIR < documents > verdicts

Standard input is a header line, {"batches": [{"message": FULL_NAME, "count": N}, ...]}, then the
documents of each batch in order, one a line, as raw bytes (split on "\\n" only). Each document is
parsed as json_format.Parse(bytes, message) does it, strictly and with ignore_unknown_fields, and
gets one output line [strict, ignoring]: {"ok": true, "json": MessageToJson parsed, "binary":
base64 of SerializeToString} or {"ok": false, "error": "..."}. Parse failing in any way, not only
with ParseError, counts as a rejection: the error names the exception.
"""

import base64
import json
import os
import sys

from google.protobuf import json_format

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peer"))
from rbm_proto import load_messages  # noqa: E402


def verdict(cls, document, ignore_unknown_fields):
    try:
        message = json_format.Parse(document, cls(), ignore_unknown_fields=ignore_unknown_fields)
    except Exception as error:  # noqa: BLE001 - how Python rejects is part of the finding
        return {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
    result = {"ok": True, "binary": base64.b64encode(message.SerializeToString()).decode("ascii")}
    try:
        result["json"] = json.loads(json_format.MessageToJson(message))
    except Exception as error:  # noqa: BLE001 - accepted, but not printable as JSON
        result["json"] = None
        result["jsonError"] = "%s: %s" % (type(error).__name__, error)
    return result


def main():
    protoc, proto_dir = sys.argv[1:3]
    messages = load_messages(protoc, proto_dir)
    lines = sys.stdin.buffer.read().split(b"\n")
    header = json.loads(lines[0])
    position = 1
    out = sys.stdout
    for batch in header["batches"]:
        cls = messages[batch["message"]]
        for document in lines[position : position + batch["count"]]:
            out.write(json.dumps([verdict(cls, document, False), verdict(cls, document, True)]))
            out.write("\n")
        position += batch["count"]
    if position + 1 != len(lines) or lines[-1] != b"":
        sys.exit("reference.py: expected %d documents and a final newline" % (position - 1))


if __name__ == "__main__":
    main()
