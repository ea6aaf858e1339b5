// Public entry point of rbm-events: explicit named re-exports only.

export {
  UserEvent,
  UserEvent_EventType,
} from "../gen/rbm/events/v1/user_event.js";
export {
  ServerEvent,
  ServerEvent_EventType,
} from "../gen/rbm/events/v1/server_event.js";
export { Timestamp } from "../gen/google/protobuf/timestamp.js";
