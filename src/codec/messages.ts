// The JSON codec and the type of each message of the schema, under the message's name. A message
// added to proto/ needs its two lines here and in binary-messages.ts; a unit test names any missing.

import { messageCodec } from "./message-codec.js";
import type { Message } from "../schema/message-types.js";

export { AgentLaunchEvent_LaunchState } from "../../gen/rbm/events/v1/agent_launch_event.js";
export { RichMessageClassification_ClassificationType } from "../../gen/rbm/events/v1/rich_message_classification.js";
export { ServerEvent_EventType } from "../../gen/rbm/events/v1/server_event.js";
export { SuggestionResponse_SuggestionType } from "../../gen/rbm/events/v1/suggestion_response.js";
export { UserEvent_EventType } from "../../gen/rbm/events/v1/user_event.js";
export type { Timestamp } from "../../gen/google/protobuf/timestamp.js";

/** AgentLaunchEvent: exact proto3 JSON conversion and Standard Schema validation. */
export const AgentLaunchEvent = /* @__PURE__ */ messageCodec("rbm.events.v1.AgentLaunchEvent");
/** A change of the agent's launch state; an enum field may hold an `UnknownEnumValue`. */
export type AgentLaunchEvent = Message<"rbm.events.v1.AgentLaunchEvent">;

/** FileInfo: exact proto3 JSON conversion and Standard Schema validation. */
export const FileInfo = /* @__PURE__ */ messageCodec("rbm.events.v1.FileInfo");
/** One file stored by the RBM platform; an enum field may hold an `UnknownEnumValue`. */
export type FileInfo = Message<"rbm.events.v1.FileInfo">;

/** LatLng: exact proto3 JSON conversion and Standard Schema validation. */
export const LatLng = /* @__PURE__ */ messageCodec("rbm.events.v1.LatLng");
/** A location as latitude and longitude; an enum field may hold an `UnknownEnumValue`. */
export type LatLng = Message<"rbm.events.v1.LatLng">;

/** RichMessageClassification: exact proto3 JSON conversion and Standard Schema validation. */
export const RichMessageClassification = /* @__PURE__ */ messageCodec("rbm.events.v1.RichMessageClassification");
/** How RBM classified a user's message; an enum field may hold an `UnknownEnumValue`. */
export type RichMessageClassification = Message<"rbm.events.v1.RichMessageClassification">;

/** ServerEvent: exact proto3 JSON conversion and Standard Schema validation. */
export const ServerEvent = /* @__PURE__ */ messageCodec("rbm.events.v1.ServerEvent");
/** Something RBM reports about a message the agent sent; an enum field may hold an `UnknownEnumValue`. */
export type ServerEvent = Message<"rbm.events.v1.ServerEvent">;

/** SuggestionResponse: exact proto3 JSON conversion and Standard Schema validation. */
export const SuggestionResponse = /* @__PURE__ */ messageCodec("rbm.events.v1.SuggestionResponse");
/** A suggested reply or action the user tapped; an enum field may hold an `UnknownEnumValue`. */
export type SuggestionResponse = Message<"rbm.events.v1.SuggestionResponse">;

/** UserEvent: exact proto3 JSON conversion and Standard Schema validation. */
export const UserEvent = /* @__PURE__ */ messageCodec("rbm.events.v1.UserEvent");
/** Something that happened on a user's RCS client; an enum field may hold an `UnknownEnumValue`. */
export type UserEvent = Message<"rbm.events.v1.UserEvent">;

/** UserFile: exact proto3 JSON conversion and Standard Schema validation. */
export const UserFile = /* @__PURE__ */ messageCodec("rbm.events.v1.UserFile");
/** A file a user sent to the agent, with its preview; an enum field may hold an `UnknownEnumValue`. */
export type UserFile = Message<"rbm.events.v1.UserFile">;

/** UserMessage: exact proto3 JSON conversion and Standard Schema validation. */
export const UserMessage = /* @__PURE__ */ messageCodec("rbm.events.v1.UserMessage");
/** A message a user sent to the agent; an enum field may hold an `UnknownEnumValue`. */
export type UserMessage = Message<"rbm.events.v1.UserMessage">;
