// Pools of distinct, realistic Pub/Sub push bodies carrying RBM events or user messages, made from
// a fixed seed.

const userTypes = ["DELIVERED", "READ", "IS_TYPING", "DELIVERED", "READ", "SUBSCRIBE", "UNSUBSCRIBE"];
const serverTypes = ["TTL_EXPIRATION_REVOKED", "TTL_EXPIRATION_REVOKE_FAILED"];

/** A small deterministic generator (mulberry32), so every run measures the same bodies. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function id(next: () => number, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

function time(next: () => number): string {
  const ms = Date.UTC(2024, 0, 1) + Math.floor(next() * 600 * 86400_000);
  const digits = [0, 3, 6, 9][Math.floor(next() * 4)]!;
  const iso = new Date(ms).toISOString().slice(0, 19);
  const fraction = digits === 0 ? "" : `.${String(Math.floor(next() * 10 ** digits)).padStart(digits, "0")}`;
  return `${iso}${fraction}Z`;
}

function phone(next: () => number): string {
  return `+${1 + Math.floor(next() * 9)}${String(Math.floor(next() * 1e10)).padStart(10, "0")}`;
}

/** Makes `size` push body strings: about four in five carry a UserEvent, the rest a ServerEvent. */
export function makePool(size: number, seed = 20141002): string[] {
  const next = random(seed);
  const bodies: string[] = [];
  for (let i = 0; i < size; i++) {
    const agentId = `agent-${id(next, 6)}@rbm.goog`;
    const event =
      next() < 0.8
        ? {
            senderPhoneNumber: phone(next),
            eventType: userTypes[Math.floor(next() * userTypes.length)],
            eventId: id(next, 22),
            messageId: `msg-${id(next, 16)}`,
            sendTime: time(next),
            agentId,
          }
        : {
            phoneNumber: phone(next),
            agentId,
            messageId: `msg-${id(next, 16)}`,
            eventType: serverTypes[Math.floor(next() * serverTypes.length)],
            eventId: id(next, 22),
            sendTime: time(next),
          };
    bodies.push(pushBody(next, event));
  }
  return bodies;
}

const texts = ["Hi", "Is the oat flat white back on the menu?", "yes", "Can I pick it up at 8?", "thanks! 👍", "Où est la boutique la plus proche ?"];
const replies = [
  ["Order one", "order_flat_white_oat"],
  ["Not now", "not_now"],
  ["Opening hours", "hours"],
  ["Call us", "dial_store"],
];

/**
 * Makes `size` push body strings carrying user messages, in the mix an agent sees: about 70% text,
 * 15% suggestion taps (half with a US billing class and carrier), 8% locations and 7% files
 * (most with a thumbnail).
 */
export function makeUserMessagePool(size: number, seed = 20240305): string[] {
  const next = random(seed);
  const bodies: string[] = [];
  for (let i = 0; i < size; i++) {
    const message: Record<string, unknown> = {
      senderPhoneNumber: phone(next),
      messageId: id(next, 24),
      sendTime: time(next),
      agentId: `agent-${id(next, 6)}@rbm.goog`,
    };
    const roll = next();
    if (roll < 0.7) {
      message["text"] = `${texts[Math.floor(next() * texts.length)]} ${id(next, 4)}`;
    } else if (roll < 0.85) {
      const [text, postbackData] = replies[Math.floor(next() * replies.length)]!;
      if (next() < 0.5) {
        message["richMessageClassification"] = { classificationType: "SUGGESTED_ACTION_CLICK" };
        message["carrier"] = "T-Mobile";
      }
      message["suggestionResponse"] = { postbackData, text, type: next() < 0.8 ? "REPLY" : "ACTION" };
    } else if (roll < 0.93) {
      message["location"] = { latitude: (next() - 0.5) * 180, longitude: (next() - 0.5) * 360 };
    } else {
      const file = (mimeType: string, size: number) => ({
        mimeType,
        fileSizeBytes: size,
        fileName: `${id(next, 8)}.${mimeType.slice(6)}`,
        fileUri: `https://rcs-user-content-us.storage.googleapis.com/${id(next, 32)}`,
      });
      message["userFile"] =
        next() < 0.8
          ? { thumbnail: file("image/jpeg", 1000 + Math.floor(next() * 9000)), payload: file("image/png", Math.floor(next() * 5e6)) }
          : { payload: file("image/gif", Math.floor(next() * 5e6)) };
    }
    bodies.push(pushBody(next, message));
  }
  return bodies;
}

function pushBody(next: () => number, payload: Record<string, unknown>): string {
  const messageId = String(10_000_000_000_000 + Math.floor(next() * 1e12));
  const publishTime = time(next);
  return JSON.stringify({
    message: {
      attributes: { project_number: "123456789012" },
      data: Buffer.from(JSON.stringify(payload)).toString("base64"),
      messageId,
      message_id: messageId,
      publishTime,
      publish_time: publishTime,
    },
    subscription: "projects/rbm-coffee-bot/subscriptions/rbm-coffee-bot-sub",
  });
}
