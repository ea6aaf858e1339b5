// Where JSON text that JSON.parse refused goes wrong, and why, in words that never quote the input:
// JSON.parse's own messages name a position only for some errors, and quote the text for others.

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The first syntax error of `text`, as `<reason> at line L column C`, or undefined for valid JSON. */
export function describeSyntaxError(text: string): string | undefined {
  const found = firstError(text);
  if (found === undefined) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < found.at && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${found.reason} at line ${line} column ${found.at - lineStart + 1}`;
}

interface Found {
  at: number;
  reason: string;
}

/** Thrown to leave the walk at the first error; an Error, as anything thrown should be. */
class Stop extends Error {
  constructor(readonly found: Found) {
    super(found.reason);
  }
}

/** Walks the text as the JSON grammar does, to the first place it breaks. */
function firstError(text: string): Found | undefined {
  let i = 0;
  const stop = (reason: string): never => {
    throw new Stop({ at: i, reason });
  };
  const what = (): string => (i >= text.length ? "unexpected end of input" : `unexpected character ${JSON.stringify(text[i])}`);
  const space = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) stop(what());
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) stop("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) stop("control character in string");
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) stop("invalid \\u escape");
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else stop("invalid escape");
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (match === null || match[0] === "" || match[0] === "-") stop("invalid number");
    i += (match as RegExpExecArray)[0].length;
  };
  /**
   * A value at `i`: a scalar, or the openings of containers down to the first scalar or empty
   * container, each pushed on `open` (a loop, not recursion, so no depth overflows the stack).
   */
  const open: string[] = [];
  const value = () => {
    for (;;) {
      space();
      const c = text[i];
      if (c === "{" || c === "[") {
        i++;
        space();
        if (text[i] === (c === "{" ? "}" : "]")) {
          i++;
          return;
        }
        open.push(c);
        if (c === "{") key();
        continue;
      }
      if (c === '"') return string();
      if (c === "t") return literal("true");
      if (c === "f") return literal("false");
      if (c === "n") return literal("null");
      if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
      return stop(what());
    }
  };
  /** A property name and its colon; the value follows. */
  const key = () => {
    space();
    if (text[i] !== '"') stop(i >= text.length ? what() : "expected a property name in double quotes");
    string();
    space();
    if (text[i] !== ":") stop(i >= text.length ? what() : "expected ':' after a property name");
    i++;
  };
  /** After a value: a comma and the next item, or the end of one container or more. */
  const after = () => {
    for (;;) {
      const top = open.at(-1);
      if (top === undefined) return;
      space();
      if (text[i] === ",") {
        i++;
        if (top === "{") key();
        value();
        return;
      }
      if (text[i] === (top === "{" ? "}" : "]")) {
        open.pop();
        i++;
        continue;
      }
      stop(i >= text.length ? what() : top === "{" ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array item");
    }
  };
  try {
    value();
    // Each value read either closes at once or leaves containers open; read on until none is.
    while (open.length > 0) after();
    space();
    if (i < text.length) stop(`unexpected character ${JSON.stringify(text[i])} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.found;
    throw error;
  }
}
