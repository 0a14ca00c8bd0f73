/**
 * Reads the token counts off an answer on its way through, without holding
 * it up or buffering it.
 *
 * Streams (SseMeter): an incremental parser of the Messages API's SSE. Each
 * chunk is relayed as it arrives; on the side the meter looks at line starts
 * only and keeps just the data of the few events it needs:
 * - `message_start`: input, cache-write and cache-read tokens (and the first
 *   output count);
 * - `message_delta`: the usage so far. Its counts are CUMULATIVE, so the last
 *   one seen wins; they are never summed;
 * - the first `content_block_delta`: the time to first token;
 * - `error` (an error after the 200) and `message_stop` (a complete stream).
 * Content deltas, however large, are skipped without being copied. Lines end
 * in \n or \r\n (what the Messages API sends). A stream that ends early is
 * billed for what it had said so far: input and cache tokens from
 * message_start, output from the last cumulative count seen.
 *
 * JSON answers (usageFromJson): the `usage` object is found from the end of
 * the body and only it is parsed; anything unexpected falls back to parsing
 * the whole answer.
 */
import { MAX_TOKENS_PER_EVENT } from "../usage/events";

export type MeteredTokens = { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number };

const OTHER = 0;
const MESSAGE_START = 1;
const CONTENT_DELTA = 2;
const MESSAGE_DELTA = 3;
const ERROR = 4;
const MESSAGE_STOP = 5;

const EVENT_CODES: Record<string, number> = {
  message_start: MESSAGE_START,
  content_block_delta: CONTENT_DELTA,
  message_delta: MESSAGE_DELTA,
  error: ERROR,
  message_stop: MESSAGE_STOP,
};

/** The data of these events is read; every other event's data is skipped. */
const wantsData = (event: number) => event === MESSAGE_START || event === MESSAGE_DELTA || event === ERROR;

/** A line kept across chunks is at most this long; a longer one (never a usage event) is skipped. */
const MAX_KEPT_LINE = 1024 * 1024;

const isData = (b: Buffer, i: number) => b[i] === 0x64 && b[i + 1] === 0x61 && b[i + 2] === 0x74 && b[i + 3] === 0x61 && b[i + 4] === 0x3a;
const isEvent = (b: Buffer, i: number) =>
  b[i] === 0x65 && b[i + 1] === 0x76 && b[i + 2] === 0x65 && b[i + 3] === 0x6e && b[i + 4] === 0x74 && b[i + 5] === 0x3a;

/** A token count as the API sends it, or null for anything else (then the last good one stays). */
function count(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? Math.min(value, MAX_TOKENS_PER_EVENT) : null;
}

type Usage = { input_tokens?: unknown; output_tokens?: unknown; cache_creation_input_tokens?: unknown; cache_read_input_tokens?: unknown };

export class SseMeter implements MeteredTokens {
  inputTokens = 0;
  outputTokens = 0;
  cacheWriteTokens = 0;
  cacheReadTokens = 0;
  /** The `now` of the chunk holding the first content delta; -1 before it. */
  firstDeltaAt = -1;
  sawMessageStart = false;
  sawError = false;
  sawStop = false;

  private event = OTHER;
  private data: string | null = null;
  /** Pieces of the current line, when it spans chunks and may matter. */
  private parts: Buffer[] | null = null;
  private partsLength = 0;
  /** The rest of the current line does not matter. */
  private skipping = false;

  /** Reads one chunk of the stream (as relayed, unchanged); `now` is when it arrived. */
  push(chunk: Buffer, now: number): void {
    const n = chunk.length;
    let pos = 0;
    while (pos < n) {
      const nl = chunk.indexOf(0x0a, pos);
      if (this.skipping) {
        if (nl === -1) return;
        this.skipping = false;
        pos = nl + 1;
        continue;
      }
      if (nl === -1) {
        this.keep(chunk, pos, n);
        return;
      }
      if (this.parts !== null) {
        this.parts.push(chunk.subarray(pos, nl));
        const line = Buffer.concat(this.parts);
        this.parts = null;
        this.partsLength = 0;
        this.line(line, 0, line.length, now);
      } else {
        this.line(chunk, pos, nl, now);
      }
      pos = nl + 1;
    }
  }

  /** A line continues in the next chunk: keep its start if it may be one we read. */
  private keep(chunk: Buffer, from: number, to: number): void {
    const piece = chunk.subarray(from, to);
    const parts = (this.parts ??= []);
    parts.push(piece);
    this.partsLength += piece.length;
    if (this.partsLength > MAX_KEPT_LINE) return this.skip();
    if (this.partsLength < 6) return;
    const head = parts.length === 1 ? piece : Buffer.concat(parts, Math.min(this.partsLength, 16));
    if (isEvent(head, 0)) return;
    if (isData(head, 0) && wantsData(this.event)) return;
    this.skip();
  }

  private skip(): void {
    this.parts = null;
    this.partsLength = 0;
    this.skipping = true;
  }

  private line(b: Buffer, start: number, end: number, now: number): void {
    if (end > start && b[end - 1] === 0x0d) end--;
    if (end === start) {
      // A blank line ends the event.
      if (this.data !== null) this.dispatch(this.event, this.data);
      this.event = OTHER;
      this.data = null;
      return;
    }
    if (end - start >= 6 && isEvent(b, start)) {
      const name = b.toString("latin1", start + 6, end).trim();
      const code = EVENT_CODES[name] ?? OTHER;
      this.event = code;
      if (code === CONTENT_DELTA && this.firstDeltaAt < 0) this.firstDeltaAt = now;
      else if (code === MESSAGE_STOP) this.sawStop = true;
      else if (code === ERROR) this.sawError = true;
      return;
    }
    if (end - start >= 5 && isData(b, start) && wantsData(this.event)) {
      const from = b[start + 5] === 0x20 ? start + 6 : start + 5;
      const text = b.toString("utf8", from, end);
      this.data = this.data === null ? text : `${this.data}\n${text}`;
    }
  }

  private dispatch(event: number, data: string): void {
    let parsed: { message?: { usage?: Usage }; usage?: Usage };
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (event === MESSAGE_START) {
      this.sawMessageStart = true;
      this.take(parsed?.message?.usage);
    } else if (event === MESSAGE_DELTA) {
      this.take(parsed?.usage);
    }
  }

  /** Cumulative counts: each one present replaces the last. */
  private take(usage: Usage | undefined): void {
    if (!usage || typeof usage !== "object") return;
    const input = count(usage.input_tokens);
    const output = count(usage.output_tokens);
    const write = count(usage.cache_creation_input_tokens);
    const read = count(usage.cache_read_input_tokens);
    if (input !== null) this.inputTokens = input;
    if (output !== null) this.outputTokens = output;
    if (write !== null) this.cacheWriteTokens = write;
    if (read !== null) this.cacheReadTokens = read;
  }
}

const USAGE_KEY = Buffer.from('"usage"');

/** The token counts of a non-streaming Messages answer, or null when it has none. */
export function usageFromJson(body: Buffer): MeteredTokens | null {
  const at = body.lastIndexOf(USAGE_KEY);
  if (at > 0 && body[at - 1] !== 0x5c) {
    const object = objectAfter(body, at + USAGE_KEY.length);
    if (object) {
      try {
        return tokensOf(JSON.parse(body.toString("utf8", object[0], object[1])));
      } catch {
        // Fall through to the whole answer.
      }
    }
  }
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { usage?: Usage };
    return parsed && typeof parsed === "object" ? tokensOf(parsed.usage) : null;
  } catch {
    return null;
  }
}

/** [start, end) of the JSON object that follows `"usage"` and its colon; null if it is not one. */
function objectAfter(b: Buffer, from: number): [number, number] | null {
  let i = from;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] !== 0x3a) return null;
  i++;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] !== 0x7b) return null;
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < b.length; i++) {
    const c = b[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return [start, i + 1];
  }
  return null;
}

function tokensOf(usage: Usage | undefined): MeteredTokens | null {
  if (!usage || typeof usage !== "object") return null;
  return {
    inputTokens: count(usage.input_tokens) ?? 0,
    outputTokens: count(usage.output_tokens) ?? 0,
    cacheWriteTokens: count(usage.cache_creation_input_tokens) ?? 0,
    cacheReadTokens: count(usage.cache_read_input_tokens) ?? 0,
  };
}
