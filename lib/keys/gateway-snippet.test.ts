import { describe, expect, it } from "vitest";
import { generateKey } from "./format";
import { FALLBACK_SNIPPET_MODEL, gatewaySnippets, KEY_ENV, shellWord, snippetModel, type Snippet } from "./gateway-snippet";

const BASE = "https://gatehouse.example.com";
const CATALOGUE = [
  { id: "claude-opus-5", enabled: false },
  { id: "claude-sonnet-5", enabled: true },
  { id: "claude-haiku-4-5", enabled: true },
];

const byId = (snippets: Snippet[], id: Snippet["id"]) => snippets.find((s) => s.id === id)!;
const allText = (s: Snippet) => `${s.shell}\n${s.code?.text ?? ""}`;

describe("snippetModel", () => {
  it("takes the first model on the key's list", () => {
    expect(snippetModel(["claude-haiku-4-5", "claude-sonnet-5"], CATALOGUE)).toBe("claude-haiku-4-5");
  });

  it("skips listed models the operator turned off, but keeps listed models the catalogue does not know", () => {
    expect(snippetModel(["claude-opus-5", "claude-haiku-4-5"], CATALOGUE)).toBe("claude-haiku-4-5");
    expect(snippetModel(["claude-opus-5", "claude-next"], CATALOGUE)).toBe("claude-next");
  });

  it("falls back to the first listed model when every one is turned off", () => {
    expect(snippetModel(["claude-opus-5"], CATALOGUE)).toBe("claude-opus-5");
  });

  it("uses the catalogue's first enabled model for a key allowing all models", () => {
    expect(snippetModel(null, CATALOGUE)).toBe("claude-sonnet-5");
    expect(snippetModel([], CATALOGUE)).toBe("claude-sonnet-5");
    expect(snippetModel(null, [])).toBe(FALLBACK_SNIPPET_MODEL);
  });
});

describe("shellWord", () => {
  it("leaves URLs and keys bare and quotes anything a shell would read differently", () => {
    expect(shellWord("https://gatehouse.example.com:8443/base")).toBe("https://gatehouse.example.com:8443/base");
    expect(shellWord("gk_test_abc123")).toBe("gk_test_abc123");
    expect(shellWord("https://x.test/?a=1&b=2")).toBe("'https://x.test/?a=1&b=2'");
    expect(shellWord("it's")).toBe(`'it'"'"'s'`);
  });
});

describe("gatewaySnippets", () => {
  it("has TypeScript, Python and Claude Code, each pointed at the base URL with the model", () => {
    const snippets = gatewaySnippets({ baseUrl: BASE, model: "claude-haiku-4-5", restricted: false });
    expect(snippets.map((s) => s.label)).toEqual(["TypeScript", "Python", "Claude Code"]);

    const ts = byId(snippets, "typescript");
    expect(ts.shell).toBe("npm install @anthropic-ai/sdk");
    expect(ts.code?.text).toContain(`import Anthropic from "@anthropic-ai/sdk";`);
    expect(ts.code?.text).toContain(`new Anthropic({\n  baseURL: "${BASE}",\n  apiKey: process.env.${KEY_ENV},\n})`);
    expect(ts.code?.text).toContain(`client.messages.create({\n  model: "claude-haiku-4-5",`);

    const py = byId(snippets, "python");
    expect(py.shell).toBe("pip install anthropic");
    expect(py.code?.text).toContain(`anthropic.Anthropic(\n    base_url="${BASE}",\n    api_key=os.environ["${KEY_ENV}"],\n)`);
    expect(py.code?.text).toContain(`model="claude-haiku-4-5",`);

    expect(byId(snippets, "claude-code")).toMatchObject({
      code: null,
      shell: [`export ANTHROPIC_API_KEY="$${KEY_ENV}"`, `export ANTHROPIC_BASE_URL=${BASE}`, "claude"].join("\n"),
    });
  });

  it("names the model for Claude Code when the key may use only some models", () => {
    const cc = byId(gatewaySnippets({ baseUrl: BASE, model: "claude-haiku-4-5", restricted: true }), "claude-code");
    expect(cc.shell.split("\n")).toEqual([
      `export ANTHROPIC_API_KEY="$${KEY_ENV}"`,
      `export ANTHROPIC_BASE_URL=${BASE}`,
      "export ANTHROPIC_MODEL=claude-haiku-4-5",
      "export ANTHROPIC_DEFAULT_HAIKU_MODEL=claude-haiku-4-5",
      "claude",
    ]);
  });

  it("puts the secret only in a first export line, never in the code", () => {
    const secret = generateKey("development");
    const snippets = gatewaySnippets({ baseUrl: BASE, model: "claude-sonnet-5", restricted: false, secret });
    for (const id of ["typescript", "python"] as const) {
      const s = byId(snippets, id);
      expect(s.shell.split("\n")[0]).toBe(`export ${KEY_ENV}=${secret}`);
      expect(s.code?.text).not.toContain(secret);
      expect(s.code?.text).toContain(KEY_ENV);
      expect(allText(s).split(secret)).toHaveLength(2);
    }
    const cc = byId(snippets, "claude-code");
    expect(cc.shell.split("\n")[0]).toBe(`export ANTHROPIC_API_KEY=${secret}`);
    expect(cc.shell.split(secret)).toHaveLength(2);
    expect(cc.shell).not.toContain(BASE + secret);
  });

  it("without a secret, mentions no key at all: only the variable", () => {
    for (const s of gatewaySnippets({ baseUrl: BASE, model: "claude-sonnet-5", restricted: true })) {
      expect(allText(s)).not.toMatch(/gk_(live|test)_/);
      expect(allText(s)).toContain(KEY_ENV);
    }
  });

  it("keeps a base URL with characters a string or shell would misread intact", () => {
    const odd = `https://gw.example.com/a"b?x=1&y=2`;
    const snippets = gatewaySnippets({ baseUrl: odd, model: "claude-sonnet-5", restricted: false });
    expect(byId(snippets, "typescript").code?.text).toContain(`baseURL: "https://gw.example.com/a\\"b?x=1&y=2",`);
    expect(byId(snippets, "python").code?.text).toContain(`base_url="https://gw.example.com/a\\"b?x=1&y=2",`);
    expect(byId(snippets, "claude-code").shell).toContain(`export ANTHROPIC_BASE_URL='${odd}'`);
  });
});
