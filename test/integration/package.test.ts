// Packs the package as npm would publish it, from a temporary copy of the checkout (packing runs
// `prepare`, whose build empties dist/: never in the working tree), installs the tarball into a
// temporary project and loads it the ways a user would: import, require, the .d.ts types, the
// bin and the shipped schema files.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UserEvent_EventType } from "../../gen/json-codecs.js";
import { payloadKinds } from "../../gen/payloads.js";
import { bufbuildRegistry } from "../support/descriptor-set.js";
import { tsc, tscMinimum } from "../support/typescript.js";

const root = resolve(import.meta.dirname, "../..");
const test = suite("npm pack");
let project = "";
let checkout = "";

/** Copies the checkout, but for .git, node_modules (linked instead) and dist, to a temporary directory. */
function copyCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-checkout-"));
  const skip = new Set([".git", "node_modules", "dist"]);
  for (const entry of readdirSync(root)) {
    if (!skip.has(entry)) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function run(cmd: string, args: string[], cwd = project): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    // Keep stdout and stderr on the error, and show them in its message (tsc reports on stdout).
    const failed = error as Error & { stdout?: string; stderr?: string };
    failed.message = `${cmd} ${args.join(" ")} failed:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`;
    throw failed;
  }
}

test.before(() => {
  checkout = copyCheckout();
  project = mkdtempSync(join(tmpdir(), "rbm-events-pack-"));
  run("npm", ["pack", "--silent", "--pack-destination", project], checkout);
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"));
  assert.ok(tarball, "npm pack wrote no tarball");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", `./${tarball}`]);
});

test.after(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(checkout, { recursive: true, force: true });
});

test("ships dist, proto and the descriptor set, but no tests or sources", () => {
  const files = run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], checkout);
  const paths = (JSON.parse(files) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  assert.ok(paths.includes("dist/src/index.js"));
  assert.ok(paths.includes("dist/src/index.d.ts"));
  assert.ok(paths.includes("dist/rbm-events.binpb"));
  assert.ok(paths.includes("proto/rbm/events/v1/user_event.proto"));
  assert.ok(paths.includes("proto/rbm/events/v1/server_event.proto"));
  assert.not.ok(
    paths.some((p) => p.startsWith("test/") || p.startsWith("src/") || p.endsWith(".map")),
    paths.join(),
  );
  assert.ok(paths.includes("LICENSE"));
  assert.ok(paths.includes("examples/push-user-event.json"));
});

test("ships no source map references: no maps, so no comment points at one", () => {
  const dist = join(project, "node_modules", "rbm-events", "dist");
  const files = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"));
  assert.ok(files.length > 20, `${files.length} files`);
  for (const file of files) assert.not.match(readFileSync(join(dist, file), "utf8"), "sourceMappingURL", file);
});

test("runs the main job on the shipped example, printing what the README shows", () => {
  const readme = readFileSync(join(checkout, "README.md"), "utf8");
  const shown = /\$ npx rbm-events decode examples\/push-user-event\.json\n(.*)\n/.exec(readme)?.[1];
  assert.ok(shown, "the README shows the main job's output");
  const bin = join(project, "node_modules", ".bin", "rbm-events");
  assert.is(run(bin, ["decode", join("node_modules", "rbm-events", "examples", "push-user-event.json")]).trim(), shown);
  assert.is(
    run("node", ["-p", 'require.resolve("rbm-events/examples/push-user-event.json")']).trim(),
    join(project, "node_modules", "rbm-events", "examples", "push-user-event.json"),
  );
});

test("loads with import", () => {
  const out = run("node", [
    "--input-type=module",
    "-e",
    `import { UserEvent } from "rbm-events";
     const bytes = UserEvent.encode(UserEvent.fromJSON({ eventType: "READ", sendTime: "1969-12-31T23:59:59.5Z" }));
     console.log(UserEvent.decode(bytes).eventType, JSON.stringify(UserEvent.decode(bytes).sendTime));`,
  ]);
  assert.is(out.trim(), 'READ {"seconds":-1,"nanos":500000000}');
});

test("loads the fetch-runtime entry point rbm-events/web", () => {
  const out = run("node", [
    "--input-type=module",
    "-e",
    `import { createFetchHandler, decodeEvent } from "rbm-events/web";
     console.log(typeof createFetchHandler, decodeEvent(btoa('{"senderPhoneNumber":"+1","eventType":"READ"}')).kind);`,
  ]);
  assert.is(out.trim(), "function userEvent");
});

test("loads rbm-events/redis without the redis package installed, which only a user's client brings", () => {
  const out = run("node", [
    "--input-type=module",
    "-e",
    `import { RedisIdempotencyStore } from "rbm-events/redis";
     const calls = [];
     const client = { set: async (...args) => (calls.push(args), null), eval: async () => 0 };
     const store = new RedisIdempotencyStore({ client, prefix: "p:" });
     console.log(await store.claim("e1", 1000), JSON.stringify(calls[0].slice(0, 1)));
     try { await import("redis"); console.log("redis installed"); } catch { console.log("no redis"); }`,
  ]);
  assert.is(out.trim(), 'new ["p:e1"]\nno redis');
});

test("installs protobufjs as its one protobuf runtime, without @bufbuild/protobuf", () => {
  const out = run("node", [
    "-e",
    `for (const name of ["protobufjs", "@bufbuild/protobuf"]) {
       try { require.resolve(name); console.log(name, "installed"); } catch { console.log(name, "absent"); }
     }`,
  ]);
  assert.is(out.trim(), "protobufjs installed\n@bufbuild/protobuf absent");
});

test("loads with require", () => {
  const out = run("node", [
    "--no-warnings",
    "-e",
    `const { ServerEvent } = require("rbm-events");
     console.log(ServerEvent.decode(ServerEvent.encode(ServerEvent.fromJSON({ eventId: "e1" }))).eventId);`,
  ]);
  assert.is(out.trim(), "e1");
});

test("resolves the shipped descriptor set, built by buf with every file, and the proto files", () => {
  const out = run("node", [
    "-e",
    `const { FileDescriptorSet } = require("protobufjs/ext/descriptor");
     const path = require.resolve("rbm-events/rbm-events.binpb");
     console.log(path);
     console.log(FileDescriptorSet.decode(require("fs").readFileSync(path)).file.map((f) => f.name).join(" "));
     console.log(require.resolve("rbm-events/proto/rbm/events/v1/user_event.proto"));`,
  ]);
  const [binpb, files, proto] = out.trim().split("\n");
  assert.match(binpb!, /node_modules\/rbm-events\/dist\/rbm-events\.binpb$/);
  // every file of proto/, and the well-known types they import
  const shipped = files!.split(" ");
  const schema = readdirSync(join(checkout, "proto"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".proto"));
  assert.equal(shipped.filter((f) => !f.startsWith("google/protobuf/")).sort(), schema.sort());
  assert.ok(shipped.includes("google/protobuf/timestamp.proto"), files);
  assert.match(proto!, /node_modules\/rbm-events\/proto\/rbm\/events\/v1\/user_event\.proto$/);
});

test("types a strict ESM consumer: checked enums, typed functions, no casts", () => {
  // Each @ts-expect-error must meet an error, or tsc fails with "Unused '@ts-expect-error' directive".
  // The complete switch has a case for each value the schema declares.
  const eventTypes: string[] = Object.values(UserEvent_EventType);
  writeFileSync(
    join(project, "consumer.mts"),
    `import { decodeEvent, toJson, UserEvent, UserEvent_EventType, validate, type UnknownEnumValue } from "rbm-events";
     import type { StandardSchemaV1 } from "@standard-schema/spec";

     export function describe(event: UserEvent): string {
       switch (event.eventType) {
         case UserEvent_EventType.DELIVERED: return "delivered";
         ${eventTypes
           .filter((name) => name !== "DELIVERED")
           .map((name) => `case ${JSON.stringify(name)}: return ${JSON.stringify(name.toLowerCase())};`)
           .join("\n         ")}
         default: {
           const unknown: UnknownEnumValue = event.eventType;
           return \`unknown \${unknown.unknown}\`;
         }
       }
     }

     export function incomplete(event: UserEvent): string {
       switch (event.eventType) {
         case "DELIVERED": return "delivered";
         default:
           // @ts-expect-error READ, IS_TYPING and the others are not handled
           return String(event.eventType.unknown);
       }
     }

     export function misspelt(event: UserEvent): boolean {
       switch (event.eventType) {
         // @ts-expect-error DELIVRED is not a value of the enum
         case "DELIVRED": return true;
       }
       return false;
     }

     export const nanos: number | undefined = validate("UserEvent", "{}").value?.sendTime?.nanos;
     export const phone: string | undefined = validate("rbm.events.v1.ServerEvent", "{}").value?.phoneNumber;
     // @ts-expect-error not a message of the schema
     validate("UserEvnt", "{}");

     export function reencode(body: string): Uint8Array | undefined {
       const decoded = decodeEvent(body);
       if (decoded.kind !== "userEvent") return undefined;
       toJson("UserEvent", decoded.event);
       return UserEvent.encode(decoded.event);
     }

     export const output: StandardSchemaV1.InferOutput<typeof UserEvent> = UserEvent.fromJSON({});
     // @ts-expect-error eventId is a string
     export const wrong: UserEvent["eventId"] = 1;
`,
  );
  // @types/node from this repository: the webhook handler's types name node:http, as a Node user's project has them.
  // Both the compiler the project builds with and the oldest one the README promises, each reading
  // every .d.ts (skipLibCheck off): a type only a newer TypeScript understands fails here.
  for (const compiler of [tsc, tscMinimum]) {
    run(compiler, [
      "--noEmit",
      "--strict",
      "--exactOptionalPropertyTypes",
      "--noUncheckedIndexedAccess",
      "--verbatimModuleSyntax",
      "--skipLibCheck",
      "false",
      "--module",
      "nodenext",
      "--typeRoots",
      join(root, "node_modules", "@types"),
      "--types",
      "node",
      "consumer.mts",
    ]);
  }
});

test("promises consumers the TypeScript version it compiles them with", () => {
  const version = run(tscMinimum, ["--version"]).trim();
  assert.is(version, "Version 5.0.4");
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.match(readme, "TypeScript 5.0 or newer");
});

test("type-checks a consumer's switches ending in assertNever, and fails one that leaves a case out", () => {
  // The cases are the schema's: every kind, and every member of a user message's content.
  const members =
    bufbuildRegistry
      .getMessage("rbm.events.v1.UserMessage")
      ?.oneofs.find((o) => o.name === "content")
      ?.fields.map((f) => f.jsonName) ?? [];
  const kinds = payloadKinds.filter((kind) => kind !== "userMessage");
  assert.ok(members.length > 0 && kinds.length > 0);
  const skippedMember = members.at(-1) as string;
  const skippedKind = kinds.at(-1) as string;
  // Statements, no declared return type: only the `never` parameter of assertNever makes them exhaustive.
  const consumer = (skip: string) => `import { assertNever, decodeEvent, type DecodedEvent } from "rbm-events";
     export function describe(decoded: DecodedEvent): void {
       switch (decoded.kind) {
         case "userMessage": {
           const { content } = decoded.event;
           switch (content?.$case) {
             ${members
               .filter((m) => m !== skip)
               .map((m) => `case ${JSON.stringify(m)}: console.log(JSON.stringify(content.value)); break;`)
               .join("\n             ")}
             case undefined: break;
             default: assertNever(content, "content");
           }
           break;
         }
         ${kinds
           .filter((k) => k !== skip)
           .map((k) => `case ${JSON.stringify(k)}: console.log(JSON.stringify(decoded.event)); break;`)
           .join("\n         ")}
         case "unknown": console.log(JSON.stringify(decoded.json)); break;
         default: assertNever(decoded, "kind");
       }
     }
     describe(decodeEvent(btoa('{"location":{"latitude":51.5}}')));
     try {
       describe({ kind: "newKind" } as unknown as DecodedEvent);
     } catch (error) {
       console.log(String(error));
     }
`;
  const compile = (compiler: string, file: string) =>
    run(compiler, [
      "--outDir",
      "out",
      "--pretty",
      "false",
      "--strict",
      "--skipLibCheck",
      "false",
      "--module",
      "nodenext",
      "--lib",
      "es2022,dom",
      "--typeRoots",
      join(root, "node_modules", "@types"),
      "--types",
      "node",
      file,
    ]);
  const check = (file: string) => {
    compile(tscMinimum, file);
    compile(tsc, file);
  };
  writeFileSync(join(project, "switch.mts"), consumer(""));
  check("switch.mts");
  assert.is(run("node", [join("out", "switch.mjs")]).trim(), '{"latitude":51.5,"longitude":0}\nRbmEventError: unhandled kind: "newKind"');
  for (const skip of [skippedMember, skippedKind]) {
    writeFileSync(join(project, `switch-${skip}.mts`), consumer(skip));
    try {
      check(`switch-${skip}.mts`);
      assert.unreachable(`tsc accepted a switch without ${skip}`);
    } catch (error) {
      const { stdout } = error as { stdout: string };
      // the left-out case reaches assertNever, whose parameter takes only `never`
      assert.match(stdout, /error TS2345: Argument of type .* is not assignable to parameter of type 'never'/, `${skip}: ${stdout}`);
    }
  }
});

test("installs the rbm-events bin", () => {
  const out = run(join(project, "node_modules", ".bin", "rbm-events"), ["--help"]);
  assert.match(out, "usage: rbm-events");
});

test.run();
