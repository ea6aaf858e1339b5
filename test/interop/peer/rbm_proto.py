"""Compiles the schema in proto/ with protoc and imports its Python message classes.

Nothing generated is kept: protoc writes into a temporary directory that lives as long as the
process. google/protobuf/timestamp.proto and descriptor.proto (which the file of options imports)
are taken from the Python runtime's own descriptors, so protoc needs no include directory (Debian
ships one only with libprotobuf-dev).
"""

import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2, timestamp_pb2


def load_messages(protoc, proto_dir):
    """Returns every message class of the schema by full name, e.g. "rbm.events.v1.UserEvent"."""
    out = tempfile.mkdtemp(prefix="rbm-events-peer-")
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    imports = os.path.join(out, "imports.binpb")
    with open(imports, "wb") as f:
        f.write(_descriptor_set(timestamp_pb2.DESCRIPTOR, descriptor_pb2.DESCRIPTOR).SerializeToString())
    files = sorted(
        os.path.relpath(os.path.join(d, name), proto_dir)
        for d, _, names in os.walk(proto_dir)
        for name in names
        if name.endswith(".proto")
    )
    subprocess.run(
        [protoc, "--proto_path=" + proto_dir, "--descriptor_set_in=" + imports, "--python_out=" + out, *files],
        check=True,
    )
    sys.path.insert(0, out)
    messages = {}
    for path in files:
        module = importlib.import_module(path[: -len(".proto")].replace("/", ".") + "_pb2")
        if module.DESCRIPTOR.extensions_by_name:
            continue  # a file of options (annotations), not of messages RBM sends
        for name in module.DESCRIPTOR.message_types_by_name:
            cls = getattr(module, name)
            messages[cls.DESCRIPTOR.full_name] = cls
    return messages


def _descriptor_set(*file_descriptors):
    fds = descriptor_pb2.FileDescriptorSet()
    for file_descriptor in file_descriptors:
        file_descriptor.CopyToProto(fds.file.add())
    return fds


def runtime():
    """Names the protobuf runtime: its version and implementation (upb, cpp or python)."""
    from google.protobuf import __version__
    from google.protobuf.internal import api_implementation

    return "protobuf %s (%s)" % (__version__, api_implementation.Type())
