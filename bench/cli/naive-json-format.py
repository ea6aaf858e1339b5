"""The usual way to validate an NDJSON file in Python: json_format.Parse + MessageToJson per line.

`npm run bench:cli` compares the command line with it.
usage: python3 naive-json-format.py DESCRIPTOR_SET TYPE FILE
"""

import json
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

descriptor_set, type_name, path = sys.argv[1:4]
files = descriptor_pb2.FileDescriptorSet()
with open(descriptor_set, "rb") as f:
    files.ParseFromString(f.read())
pool = descriptor_pool.DescriptorPool()
for file in files.file:
    pool.Add(file)
descriptor = pool.FindMessageTypeByName(type_name)
if hasattr(message_factory, "GetMessageClass"):
    message_class = message_factory.GetMessageClass(descriptor)
else:  # protobuf before 4.x
    message_class = message_factory.MessageFactory(pool).GetPrototype(descriptor)

failed = False
out = sys.stdout
with open(path, encoding="utf-8") as lines:
    for line in lines:
        try:
            message = json_format.Parse(line, message_class())
            out.write('{"ok":true,"json":%s}\n' % json_format.MessageToJson(message, indent=None))
        except json_format.ParseError as error:
            failed = True
            out.write(json.dumps({"ok": False, "error": str(error)}) + "\n")
sys.exit(1 if failed else 0)
