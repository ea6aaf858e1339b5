// The codec of each message of the schema with binary conversion too, under the message's name:
// what the Node entry point exports in place of messages.ts's.

import { binaryMessageCodec } from "./binary-codec.js";
import type * as messages from "./messages.js";

/** AgentLaunchEvent: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const AgentLaunchEvent = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.AgentLaunchEvent");
/** A change of the agent's launch state; an enum field may hold an `UnknownEnumValue`. */
export type AgentLaunchEvent = messages.AgentLaunchEvent;

/** FileInfo: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const FileInfo = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.FileInfo");
/** One file stored by the RBM platform; an enum field may hold an `UnknownEnumValue`. */
export type FileInfo = messages.FileInfo;

/** LatLng: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const LatLng = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.LatLng");
/** A location as latitude and longitude; an enum field may hold an `UnknownEnumValue`. */
export type LatLng = messages.LatLng;

/** RichMessageClassification: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const RichMessageClassification = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.RichMessageClassification");
/** How RBM classified a user's message; an enum field may hold an `UnknownEnumValue`. */
export type RichMessageClassification = messages.RichMessageClassification;

/** ServerEvent: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const ServerEvent = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.ServerEvent");
/** Something RBM reports about a message the agent sent; an enum field may hold an `UnknownEnumValue`. */
export type ServerEvent = messages.ServerEvent;

/** SuggestionResponse: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const SuggestionResponse = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.SuggestionResponse");
/** A suggested reply or action the user tapped; an enum field may hold an `UnknownEnumValue`. */
export type SuggestionResponse = messages.SuggestionResponse;

/** UserEvent: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const UserEvent = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.UserEvent");
/** Something that happened on a user's RCS client; an enum field may hold an `UnknownEnumValue`. */
export type UserEvent = messages.UserEvent;

/** UserFile: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const UserFile = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.UserFile");
/** A file a user sent to the agent, with its preview; an enum field may hold an `UnknownEnumValue`. */
export type UserFile = messages.UserFile;

/** UserMessage: exact proto3 JSON and binary conversion, and Standard Schema validation. */
export const UserMessage = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.UserMessage");
/** A message a user sent to the agent; an enum field may hold an `UnknownEnumValue`. */
export type UserMessage = messages.UserMessage;
