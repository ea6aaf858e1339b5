// The conformance testee's descriptor loading: FileDescriptorSet bytes to a protobufjs Root.
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { descriptorSetBytes } from "../../support/descriptor-set.js";
import { rootFromDescriptorSet } from "../../../conformance/descriptor-set.js";
import { loadSchema } from "../../../src/schema/registry.js";
import { planOf } from "../../../src/schema/index.js";

const fromSet = suite("rootFromDescriptorSet()");

/** The Legacy fixture compiled to FileDescriptorSet bytes, as protoc or buf would give them. */
function legacySet(): Uint8Array {
  const root = protobuf.loadSync(fileURLToPath(new URL("../../fixtures/legacy.proto", import.meta.url)));
  const set = (root as unknown as { toDescriptor(edition: string): protobuf.Message }).toDescriptor("proto2");
  return descriptor.FileDescriptorSet.encode(set).finish();
}

fromSet("keeps map fields, jstype and packed, and drops the other options", () => {
  const root = rootFromDescriptorSet(legacySet());
  const plan = planOf(root.lookupType("test.legacy.v1.Legacy"));
  const of = (n: number) => plan.byNumber.get(n);
  assert.equal([of(8)?.shape, of(8)?.mapKey], ["map", { kind: "int64", typeName: "int64" }]);
  assert.equal([of(1)?.jstype, of(2)?.jstype, of(3)?.jstype], ["string", "number", undefined]);
  assert.equal([of(4)?.packed, of(5)?.packed], [true, false]);
  assert.is(of(6)?.delimited, true);
  assert.is(of(100)?.key, "[test.legacy.v1.level]");
});

fromSet("gives the shipped schema what loadSchema() gives", () => {
  const root = rootFromDescriptorSet(descriptorSetBytes);
  assert.is(root.lookupType("rbm.events.v1.UserEvent").fieldsArray.length, loadSchema().lookupType("rbm.events.v1.UserEvent").fieldsArray.length);
});

fromSet.run();
