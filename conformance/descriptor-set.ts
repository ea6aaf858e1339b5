// A protobufjs Root from the bytes of any FileDescriptorSet, such as the conformance suite's.

import { fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type protobuf from "protobufjs";
import { rootFromDescriptorJson } from "../src/schema/descriptor.js";

/**
 * A resolved protobufjs Root from the bytes of a FileDescriptorSet (`buf build -o`, `protoc
 * --descriptor_set_out --include_imports`). The package never reads descriptor bytes at run time
 * (it loads the JSON form of its own schema), so only the conformance testee needs this, and it
 * decodes them with @bufbuild/protobuf, a development dependency, by reflection: protobufjs would
 * decode them, and read options, with code it generates at run time.
 */
export function rootFromDescriptorSet(bytes: Uint8Array): protobuf.Root {
  return rootFromDescriptorJson(toJson(FileDescriptorSetSchema, fromBinary(FileDescriptorSetSchema, bytes), { enumAsInteger: true }));
}
