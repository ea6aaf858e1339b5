// Seeded generator of tricky proto3 JSON documents for one message of the schema: Timestamps,
// enums, int32s and doubles as numbers and strings, nested messages, oneof conflicts and nulls,
// field names, unknown fields, duplicate keys, wrong types, non-object tops, invalid JSON and
// Unicode, alone and in random combinations. Deterministic: the same seed gives the same bytes.

import { lookupMessage, messageTypeNames } from "../../../src/schema/index.js";
import { fieldsOf, type TestField } from "./fields.js";
import { createRng, type Rng } from "./rng.js";
import * as shapes from "./shapes.js";
import * as tricky from "./tricky.js";

/** One generated document: its bytes (one NDJSON line, never holding "\n") and what it tests. */
export interface Document {
  readonly bytes: Uint8Array;
  readonly category: string;
}

/** Options for {@link generateDocuments}. */
export interface GenerateOptions {
  /** The seed; the documents depend on it and on the message name only. Defaults to "rbm-events". */
  seed?: string;
  /** How many documents: the catalogue of single cases first, then random combinations. Defaults to 4000. */
  count?: number;
}

const encoder = new TextEncoder();

/** Generates the documents for a message of the schema (full or short name). */
export function generateDocuments(typeName: string, options: GenerateOptions = {}): Document[] {
  const fullName = lookupMessage(typeName).fullName.slice(1);
  const count = options.count ?? 4000;
  const rng = createRng(`${options.seed ?? "rbm-events"} ${fullName}`);
  const g = new Generator(fullName, rng);
  const docs = g.catalogue();
  while (docs.length < count) docs.push(g.random());
  return docs.slice(0, count);
}

function doc(category: string, text: string): Document {
  return { bytes: encoder.encode(text), category };
}

class Generator {
  readonly fields: readonly TestField[];
  readonly otherEnumNames: readonly string[];
  /** Unknown members, drawn once: the catalogue uses each, random documents pick among them. */
  readonly unknown: ReadonlyArray<readonly [string, string]>;
  readonly timestamps = tricky.timestampCatalogue();
  readonly strings = tricky.stringCatalogue();
  readonly enums = new Map<TestField, string[]>();
  readonly int32s = tricky.int32Catalogue();
  readonly doubles = tricky.doubleCatalogue();
  readonly tops: readonly string[];
  /** Generators of the nested message types, made when first needed; they share the sequence. */
  readonly children = new Map<string, Generator>();
  /** Nested message values as JSON text, per message field, made when first needed. */
  readonly nested = new Map<TestField, string[]>();
  /** The members of each oneof. */
  readonly oneofs = new Map<string, TestField[]>();

  constructor(
    typeName: string,
    readonly rng: Rng,
    readonly depth = 0,
  ) {
    this.fields = fieldsOf(typeName);
    for (const f of this.fields) {
      if (f.kind === "other") throw new Error(`${typeName}.${f.protoName}: no documents for this kind of field; extend test/interop/differential/`);
    }
    // Names of every enum of the schema (and of google.protobuf.NullValue): for a given enum field,
    // the ones it does not have are well-formed names it must not take.
    const names = messageTypeNames().flatMap((name) => fieldsOf(name).flatMap((f) => f.enumNames));
    this.otherEnumNames = [...new Set([...names, "NULL_VALUE"])];
    this.unknown = shapes.unknownMembers(rng);
    this.tops = shapes.topLevels(this.fields.map((f) => f.jsonName));
    for (const f of this.fields) if (f.oneof !== undefined) this.oneofs.set(f.oneof, [...(this.oneofs.get(f.oneof) ?? []), f]);
  }

  /** The generator of a message field's type. */
  child(f: TestField): Generator {
    const name = f.messageType as string;
    let child = this.children.get(name);
    if (child === undefined) this.children.set(name, (child = new Generator(name, this.rng, this.depth + 1)));
    return child;
  }

  /** The tricky values of a field of any kind, as JSON text. */
  values(f: TestField): string[] {
    switch (f.kind) {
      case "timestamp":
        return this.timestamps.map((s) => tricky.quote(s));
      case "enum":
        return this.enumCatalogue(f);
      case "int32":
        return this.int32s;
      case "double":
        return this.doubles;
      case "message":
        return this.messageCatalogue(f);
      default:
        return this.strings;
    }
  }

  /**
   * Nested message values: empty, null, valid, with unknown members, under proto names and both
   * names, wrong types, and (two levels deep at most) each tricky value of each nested field.
   */
  messageCatalogue(f: TestField): string[] {
    let values = this.nested.get(f);
    if (values !== undefined) return values;
    const child = this.child(f);
    values = ["{}", "null", "[]", '"x"', "1", "true", "[{}]"];
    for (let i = 0; i < 4; i++) values.push(child.validObject());
    for (const [key, value] of child.unknown.slice(0, 8)) values.push(child.object([...child.validMembers(1), [key, value]]));
    for (const g of child.fields) {
      values.push(child.object([[tricky.quote(g.protoName), child.validValue(g)]]));
      values.push(
        child.object([
          [tricky.quote(g.jsonName), child.validValue(g)],
          [tricky.quote(g.protoName), child.validValue(g)],
        ]),
      );
      values.push(child.object([[tricky.quote(g.jsonName), "null"]]));
      if (this.depth < 1) for (const value of child.values(g)) values.push(child.object([[tricky.quote(g.jsonName), value]]));
    }
    values.push(child.withDuplicate(child.validMembers(2)));
    this.nested.set(f, values);
    return values;
  }

  /** Documents that set two members of a oneof, or one and null, or only nulls. */
  oneofCatalogue(): Document[] {
    const docs: Document[] = [];
    for (const members of this.oneofs.values()) {
      for (const a of members) {
        for (const b of members) {
          if (a === b) continue;
          const [ka, kb] = [tricky.quote(a.jsonName), tricky.quote(b.protoName)];
          docs.push(doc("oneof conflict", this.object([...this.validMembers(1), [ka, this.validValue(a)], [kb, this.validValue(b)]])));
          docs.push(
            doc(
              "oneof null",
              this.object([
                [ka, "null"],
                [kb, this.validValue(b)],
              ]),
            ),
          );
          docs.push(
            doc(
              "oneof null",
              this.object([
                [ka, this.validValue(a)],
                [kb, "null"],
              ]),
            ),
          );
          docs.push(
            doc(
              "oneof null",
              this.object([
                [ka, "null"],
                [kb, "null"],
              ]),
            ),
          );
        }
      }
    }
    return docs;
  }

  /** A valid object of this message: some fields, at most one member of each oneof. */
  validObject(): string {
    return this.object(this.validMembers(this.rng.int(0, this.fields.length)));
  }

  /** Every tricky value alone in an otherwise valid document, under both field names. */
  catalogue(): Document[] {
    const docs: Document[] = [];
    const valid = () => this.validMembers(1);
    for (const f of this.fields) {
      for (const value of this.values(f)) {
        docs.push(doc(`${f.kind} catalogue`, this.object([...this.validMembers(1, f), [tricky.quote(f.jsonName), value]])));
        docs.push(doc(`${f.kind} catalogue`, this.object([[tricky.quote(f.protoName), value]])));
      }
      for (const value of tricky.wrongTypes()) docs.push(doc(`${f.kind} wrong type`, this.object([[tricky.quote(f.jsonName), value]])));
      for (const key of tricky.nameVariants(f.jsonName, f.protoName)) {
        docs.push(doc("name variant", this.object([[key, this.validValue(f)]])));
      }
      const both = [
        [tricky.quote(f.jsonName), this.validValue(f)],
        [tricky.quote(f.protoName), this.validValue(f)],
      ] as const;
      docs.push(doc("both names", this.object([...both])), doc("both names", this.object([both[1], both[0]])));
      docs.push(doc("both names", this.object([both[0], [tricky.quote(f.protoName), "null"]])));
    }
    for (const [key, value] of this.unknown) {
      docs.push(doc("unknown field", this.object([...valid(), [key, value]])));
    }
    docs.push(...this.oneofCatalogue());
    for (const text of this.tops) docs.push(doc("top level", text));
    for (const text of shapes.invalidJson(this.object(valid()))) docs.push(doc("invalid JSON", text));
    for (const bytes of shapes.invalidUtf8(this.stringField())) docs.push({ bytes, category: "invalid UTF-8" });
    for (let i = 0; i < 40; i++) docs.push(doc("duplicate key", this.withDuplicate(this.validMembers(3))));
    docs.push(doc("all valid", this.object(this.validMembers(this.fields.length))));
    docs.push(doc("all valid", this.object(this.validMembers(this.fields.length))));
    return docs;
  }

  /** A random combination: some fields (valid or tricky), maybe unknown fields, duplicates, damage. */
  random(): Document {
    const { rng } = this;
    const roll = rng.next();
    if (roll < 0.03) return doc("random top level", rng.pick(this.tops));
    const members: Array<readonly [string, string]> = [];
    // Of each oneof: mostly one member, sometimes none, now and then a second one (a conflict or a null).
    const chosen = new Set<TestField>();
    for (const group of this.oneofs.values()) {
      const roll = rng.next();
      if (roll < 0.8) chosen.add(rng.pick(group));
      else if (roll < 0.92)
        rng
          .shuffle([...group])
          .slice(0, 2)
          .forEach((f) => chosen.add(f));
    }
    for (const f of rng.shuffle([...this.fields])) {
      if (f.oneof !== undefined ? !chosen.has(f) : rng.next() < 0.35) continue;
      const value = rng.next() < 0.75 ? this.validValue(f) : this.trickyValue(f);
      const name = rng.next();
      if (name < 0.6) members.push([tricky.quote(f.jsonName), value]);
      else if (name < 0.95) members.push([tricky.quote(f.protoName), value]);
      else if (name < 0.96) members.push([tricky.quote(f.jsonName), value], [tricky.quote(f.protoName), this.validValue(f)]);
      else members.push([rng.pick(tricky.nameVariants(f.jsonName, f.protoName)), value]);
    }
    if (rng.next() < 0.2) {
      for (let n = rng.int(1, 3); n > 0; n--) {
        // Mostly plain unknown members; now and then one of the special ones (NaN, lone surrogates, …).
        const member = rng.next() < 0.8 ? ([shapes.randomKey(rng), shapes.randomJson(rng)] as const) : rng.pick(this.unknown);
        members.splice(rng.int(0, members.length), 0, member);
      }
    }
    let text = rng.next() < 0.05 ? this.withDuplicate(members) : this.object(rng.shuffle(members));
    if (rng.next() < 0.04) text = rng.pick(shapes.invalidJson(text));
    return doc("random", text);
  }

  /** Writes an object with random JSON whitespace (never a newline) between the tokens. */
  object(members: ReadonlyArray<readonly [string, string]>): string {
    const ws = () => this.rng.pick(tricky.WHITESPACE);
    if (members.length === 0) return `${ws()}{${ws()}}${ws()}`;
    return `${ws()}{${members.map(([k, v]) => `${ws()}${k}${ws()}:${ws()}${v}${ws()}`).join(",")}}${ws()}`;
  }

  withDuplicate(members: Array<readonly [string, string]>): string {
    const { rng } = this;
    const copy = [...members];
    const dupes = shapes.duplicateMembers(
      rng,
      this.fields.map((f) => f.jsonName),
    );
    copy.splice(rng.int(0, copy.length), 0, ...(rng.next() < 0.5 || copy.length === 0 ? dupes : [rng.pick(copy)]));
    return this.object(copy);
  }

  /**
   * `n` fields (none of them `except`) with valid values, at most one member of each oneof (none
   * of `except`'s).
   */
  validMembers(n: number, except?: TestField): Array<readonly [string, string]> {
    const taken = new Set<string>(except?.oneof === undefined ? [] : [except.oneof]);
    const picked: TestField[] = [];
    for (const f of this.rng.shuffle([...this.fields])) {
      if (picked.length === n) break;
      if (f === except || (f.oneof !== undefined && taken.has(f.oneof))) continue;
      if (f.oneof !== undefined) taken.add(f.oneof);
      picked.push(f);
    }
    return picked.map((f) => [tricky.quote(f.jsonName), this.validValue(f)] as const);
  }

  validValue(f: TestField): string {
    const { rng } = this;
    switch (f.kind) {
      case "timestamp":
        return tricky.quote(tricky.validTimestamp(rng));
      case "enum":
        return rng.next() < 0.85 ? tricky.quote(rng.pick(f.enumNames)) : String(rng.pick(f.enumNumbers));
      case "int32": {
        const n = rng.next() < 0.2 ? rng.pick([0, 1, -1, 2147483647, -2147483648]) : rng.int(-2147483648, 2147483647);
        return rng.next() < 0.8 ? String(n) : tricky.quote(String(n));
      }
      case "double": {
        const roll = rng.next();
        if (roll < 0.1) return rng.pick(['"NaN"', '"Infinity"', '"-Infinity"', "-0", "0", "5e-324", "1.7976931348623157e308"]);
        const x = roll < 0.7 ? (rng.next() - 0.5) * 360 : (rng.next() - 0.5) * 10 ** rng.int(-300, 300);
        return roll < 0.9 ? String(x) : tricky.quote(String(x));
      }
      case "message":
        return this.depth < 3 ? this.child(f).validObject() : "{}";
      default:
        return tricky.randomString(rng);
    }
  }

  trickyValue(f: TestField): string {
    const { rng } = this;
    if (rng.next() < 0.1) return rng.pick(tricky.wrongTypes());
    switch (f.kind) {
      case "timestamp":
        return tricky.quote(rng.next() < 0.3 ? rng.pick(this.timestamps) : tricky.mangledTimestamp(rng));
      case "enum":
        return rng.pick(this.enumCatalogue(f));
      case "int32":
      case "double":
      case "message":
        return rng.pick(this.values(f));
      default:
        return rng.pick(this.strings);
    }
  }

  stringField(): string {
    return this.fields.find((f) => f.kind === "string")?.jsonName ?? "text";
  }

  enumCatalogue(f: TestField): string[] {
    let values = this.enums.get(f);
    if (values === undefined) {
      values = tricky.enumCatalogue(f.enumNames, this.otherEnumNames);
      this.enums.set(f, values);
    }
    return values;
  }
}
