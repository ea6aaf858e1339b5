// A protobufjs Root from the bytes of any FileDescriptorSet, such as the conformance suite's.

import { fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type protobuf from "protobufjs";
import { rootFromDescriptorJson } from "./descriptor.js";

/**
 * A resolved protobufjs Root from the bytes of a FileDescriptorSet (`buf build -o`, `protoc
 * --descriptor_set_out --include_imports`). protobufjs would decode the bytes, and read options,
 * with code it generates at run time (`new Function`), which fetch runtimes such as Cloudflare
 * Workers forbid; @bufbuild/protobuf decodes them by reflection.
 */
export function rootFromDescriptorSet(bytes: Uint8Array): protobuf.Root {
  return rootFromDescriptorJson(toJson(FileDescriptorSetSchema, fromBinary(FileDescriptorSetSchema, bytes), { enumAsInteger: true }));
}
