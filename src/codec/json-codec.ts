// A message's codec: exact proto3 JSON and Standard Schema validation under the message's name.

import type { StandardSchemaV1 } from "@standard-schema/spec";
import { decodeError, pathSegments, type Issue, type RbmEventError } from "../errors.js";
import { toJson, type JsonObject } from "./to-json.js";
import { validateValue } from "./validate.js";
import { type ValidateOptions } from "./read-context.js";
import { lookupMessage, type FullMessageName, type Message } from "../schema/index.js";
import { createWith, type PartialMessage } from "./create.js";

/**
 * What rbm-events/web exports under a message's name (`UserEvent`, `ServerEvent`, …): the exact
 * JSON conversions of `validateValue` and `toJson` for that message, and a Standard Schema v1
 * validator of its proto3 JSON. The Node entry point's adds binary (`BinaryMessageCodec`).
 */
export interface MessageCodec<N extends FullMessageName> extends StandardSchemaV1<unknown, Message<N>> {
  /** The message's full name, such as `"rbm.events.v1.UserEvent"`. */
  readonly typeName: N;
  /**
   * Reads an already-parsed proto3 JSON value exactly, as `validateValue` does. Throws an
   * {@link RbmEventError} (`INVALID_EVENT`) with every issue for a value that is not valid.
   */
  fromJSON(json: unknown, options?: ValidateOptions): Message<N>;
  /** Writes canonical proto3 JSON, as `toJson` does. */
  toJSON(message: Message<N>): JsonObject;
  /**
   * Builds a message from the fields given, every other field at its default (nested messages,
   * Timestamps too), as ts-proto's `fromPartial` does. Throws an {@link RbmEventError}
   * (`INVALID_EVENT`, with the path) for a field the message does not have or a value its field
   * cannot hold.
   */
  create(init?: PartialMessage<Message<N>>): Message<N>;
}

/** The {@link MessageCodec} of a message of the schema. The schema is loaded on first use. */
export function messageCodec<N extends FullMessageName>(typeName: N): MessageCodec<N> {
  return {
    typeName,
    fromJSON(json, options) {
      const result = validateValue(typeName, json, options);
      if (result.issues) throw invalidMessage(typeName, result.issues);
      return result.value;
    },
    toJSON: (message) => toJson(typeName, message),
    // The value is built by reflection over the schema the type is generated from, and checked.
    create: (init) => createWith(lookupMessage(typeName), init) as Message<N>,
    "~standard": {
      version: 1,
      vendor: "rbm-events",
      validate(value) {
        const result = validateValue(typeName, value);
        if (!result.issues) return { value: result.value };
        return { issues: result.issues.map(standardIssue) };
      },
    },
  };
}

function standardIssue(issue: Issue): StandardSchemaV1.Issue {
  return issue.path === "" ? { message: issue.message } : { message: issue.message, path: pathSegments(issue.path) };
}

/** The error of a message that is not valid, with every issue, the first one named in the message. */
export function invalidMessage(typeName: string, issues: readonly Issue[]): RbmEventError {
  const [first = { path: "", message: "invalid" }, ...rest] = issues; // a failed read has an issue
  return decodeError("INVALID_EVENT", `${typeName} from JSON`, [first, ...rest]);
}
