// Pub/Sub pull with @google-cloud/pubsub: decodeEvent takes the library's Message as it is.
import type { Message } from "@google-cloud/pubsub";
import { decodeEvent, isRbmEventError, type DecodedEvent, type RbmEventError } from "rbm-events";

export interface PullHandlerOptions {
  /** Handles an event; the message is acked once this resolves, nacked if it throws. */
  onEvent(decoded: DecodedEvent): unknown;
  /** Keeps a message that does not decode (a dead letter); acked once this resolves, nacked if it throws. */
  onInvalid(error: RbmEventError, message: Message): unknown;
}

/** A `subscription.on("message", …)` listener: decode, hand on, then ack; nack on failure. */
export function pullHandler(options: PullHandlerOptions): (message: Message) => Promise<void> {
  return async (message) => {
    try {
      let decoded: DecodedEvent;
      try {
        decoded = decodeEvent(message); // source "pull": data as bytes, publishTime to the nanosecond
      } catch (error) {
        if (!isRbmEventError(error)) throw error;
        // It would fail the same way on every redelivery: keep it, then ack so it stops coming back.
        await options.onInvalid(error, message);
        message.ack();
        return;
      }
      await options.onEvent(decoded);
      message.ack();
    } catch (error) {
      message.nack(); // redelivered later, as the subscription's retry policy says
      console.error(`nacked message ${message.id}: ${String(error)}`);
    }
  };
}

// const subscription = new PubSub().subscription("rbm-events-pull");
// subscription.on("message", pullHandler({ onEvent: …, onInvalid: … }));
// subscription.on("error", (error) => console.error(error));
