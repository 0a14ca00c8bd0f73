import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import {
  CONTROL_CHARACTER_MESSAGE,
  LONE_SURROGATE_MESSAGE,
  MULTILINE_CONTROL_MESSAGE,
  fieldErrorsOf,
  idSchema,
  multiLineText,
  parseInput,
  singleLineText,
  teamIdOf,
  userFacingError,
} from "./validation";

const name = singleLineText({ min: 2, minMessage: "Too short.", max: 10, maxMessage: "Too long." });
const note = multiLineText({ max: 20, maxMessage: "Too long." });
const messageOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]?.message;
};

// Everything that can break a log line or an email's text, or disguise what a name says.
const CONTROLS = {
  "line feed": "\n",
  "carriage return": "\r",
  tab: "\t",
  NUL: "\u0000",
  escape: "\u001b",
  DEL: "\u007f",
  "next line (C1)": "\u0085",
  "line separator": "\u2028",
  "paragraph separator": "\u2029",
  "right-to-left override": "\u202e",
  "first-strong isolate": "\u2068",
};

describe("singleLineText", () => {
  it.each(Object.entries(CONTROLS))("refuses a %s inside the text", (_, ch) => {
    expect(messageOf(name, `Ac${ch}me`)).toBe(CONTROL_CHARACTER_MESSAGE);
  });

  it.each([
    ["a lone high surrogate", "Ac\uD83Dme"],
    ["a lone low surrogate", "Ac\uDE00me"],
    ["a reversed pair", "\uDE00\uD83D"],
  ])("refuses %s with its own message, and nothing else", (_, value) => {
    const r = name.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([LONE_SURROGATE_MESSAGE]);
  });

  it.each(["Zoë", "Acme 😀", "👩‍👩‍👧", "שלום", "Ünïcødé", "a\u200Fb"])("accepts %s", (value) => {
    expect(name.parse(value)).toBe(value);
  });

  it("trims, so surrounding line breaks are harmless, and bounds the length", () => {
    expect(name.parse("  Acme\n")).toBe("Acme");
    expect(messageOf(name, " a ")).toBe("Too short.");
    expect(messageOf(name, "x".repeat(11))).toBe("Too long.");
    expect(messageOf(name, undefined)).toBe("Too short.");
    expect(messageOf(name, 42)).toBe("Too short.");
  });
});

describe("multiLineText", () => {
  it("keeps line breaks as \\n, whatever the browser sent", () => {
    expect(note.parse("Hi,\r\nwelcome\rhere\n")).toBe("Hi,\nwelcome\nhere");
  });

  it.each(Object.entries(CONTROLS).filter(([, ch]) => ch !== "\n" && ch !== "\r"))("refuses a %s", (_, ch) => {
    expect(messageOf(note, `Hi${ch}there`)).toBe(MULTILINE_CONTROL_MESSAGE);
  });

  it("refuses a lone surrogate and allows empty text", () => {
    expect(messageOf(note, "Hi \uD800")).toBe(LONE_SURROGATE_MESSAGE);
    expect(note.parse("   ")).toBe("");
    expect(messageOf(note, "x".repeat(21))).toBe("Too long.");
  });
});

describe("idSchema", () => {
  const teamId = idSchema("team");
  it("accepts the ids we issue", () => {
    expect(teamId.parse("cmf3k2j5x0000abcd1234efgh")).toBe("cmf3k2j5x0000abcd1234efgh");
  });
  it.each([
    ["", "Missing team."],
    [undefined, "Missing team."],
    ["x".repeat(65), "Unknown team."],
    ["abc\uD800", "Unknown team."],
    ["abc\u0000", "Unknown team."],
    ["abc def", "Unknown team."],
    ["' OR 1=1 --", "Unknown team."],
  ])("refuses %j: %s", (value, message) => {
    expect(messageOf(teamId, value)).toBe(message);
  });

  it("teamIdOf turns a malformed id into one no team has", () => {
    expect(teamIdOf({ teamId: "abc123" })).toBe("abc123");
    expect(teamIdOf({ teamId: "abc\uD800" })).toBe("");
    expect(teamIdOf({ teamId: 42 })).toBe("");
    expect(teamIdOf(null)).toBe("");
  });
});

describe("zod errors as user-facing errors", () => {
  const schema = z.object({ name, nested: z.object({ teamId: idSchema("team") }) });

  it("maps the first issue of each field, by path", () => {
    const r = schema.safeParse({ name: "a\nb", nested: { teamId: "" } });
    expect(fieldErrorsOf(r.error!)).toEqual({ name: CONTROL_CHARACTER_MESSAGE, "nested.teamId": "Missing team." });
    const root = z.string().safeParse(1);
    expect(Object.keys(fieldErrorsOf(root.error!))).toEqual(["_"]);
  });

  it("parseInput throws INVALID with field errors, never a ZodError", () => {
    let thrown: unknown;
    try {
      parseInput(schema, { name: "Acme\uD800", nested: { teamId: "t1" } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: "INVALID", message: LONE_SURROGATE_MESSAGE, fieldErrors: { name: LONE_SURROGATE_MESSAGE } });
  });

  it("userFacingError keeps AppErrors, converts zod errors and leaves anything else internal", () => {
    const app = new AppError("CONFLICT", "Taken.");
    expect(userFacingError(app)).toBe(app);
    expect(userFacingError(schema.safeParse({}).error)).toMatchObject({ code: "INVALID", status: 400 });
    expect(userFacingError(new Error("SQLITE_ERROR near \"secret\""))).toBeNull();
    expect(userFacingError("boom")).toBeNull();
  });
});
