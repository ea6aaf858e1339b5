// The shipped schema's FileDescriptorSet as @bufbuild/protobuf reads it, and as bytes: an
// independent reading of gen/descriptor-set.ts, for the tests that compare with another engine.
import { createFileRegistry, fromJson, toBinary, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { descriptorSetJson } from "../../gen/descriptor-set.js";

const set = fromJson(FileDescriptorSetSchema, JSON.parse(descriptorSetJson));

/** The schema's FileDescriptorSet in the protobuf binary encoding. */
export const descriptorSetBytes: Uint8Array = toBinary(FileDescriptorSetSchema, set);

/** The schema as a @bufbuild/protobuf registry. */
export const bufbuildRegistry: FileRegistry = createFileRegistry(set);
