/**
 * "How to call the gateway": the snippets the console shows for a key, for the
 * official TypeScript and Python SDKs and for Claude Code. Pure, so the same
 * text renders on the server and in the browser and is tested here.
 *
 * The secret goes into a snippet only where the new-key dialog hands it over
 * (an `export` line a shell runs once); code always reads it from the
 * environment, so a snippet pasted into a repository never carries it.
 */

/** The variable the snippets read the key from. */
export const KEY_ENV = "GATEHOUSE_API_KEY";

/** Used only when the catalogue has no enabled model at all ("all models" still lets any id through). */
export const FALLBACK_SNIPPET_MODEL = "claude-sonnet-5";

export type SnippetId = "typescript" | "python" | "claude-code";

export type Snippet = {
  id: SnippetId;
  label: string;
  /** Commands for a shell, run first (install, and the secret's export in the new-key dialog). */
  shell: string;
  /** The program, when there is one; Claude Code is only the shell part. */
  code: { language: "typescript" | "python"; text: string } | null;
};

export type SnippetInput = {
  /** The gateway's base URL: the console's public URL, without /v1 (the SDKs add it). */
  baseUrl: string;
  model: string;
  /** The key may use only some models: Claude Code's own defaults would be refused. */
  restricted: boolean;
  /** The plain secret, only in the dialog that shows it once. */
  secret?: string | null;
};

type CatalogueModel = { id: string; enabled: boolean };

/**
 * The model a snippet calls: the first on the key's list that is not turned
 * off (a model outside the catalogue is allowed when listed), else the first
 * listed; for a key allowing every model, the catalogue's first enabled one.
 */
export function snippetModel(allowedModels: readonly string[] | null, catalogue: readonly CatalogueModel[]): string {
  if (allowedModels && allowedModels.length > 0) {
    const disabled = new Set(catalogue.filter((m) => !m.enabled).map((m) => m.id));
    return allowedModels.find((id) => !disabled.has(id)) ?? allowedModels[0];
  }
  return catalogue.find((m) => m.enabled)?.id ?? FALLBACK_SNIPPET_MODEL;
}

/** A value as a POSIX shell word: bare when it is plainly safe, else single-quoted. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** A double-quoted string literal that TypeScript and Python both read as `value`. */
function literal(value: string): string {
  return JSON.stringify(value);
}

function exportLine(name: string, value: string): string {
  return `export ${name}=${shellWord(value)}`;
}

function typescript({ baseUrl, model }: SnippetInput): string {
  return [
    `import Anthropic from "@anthropic-ai/sdk";`,
    ``,
    `const client = new Anthropic({`,
    `  baseURL: ${literal(baseUrl)},`,
    `  apiKey: process.env.${KEY_ENV},`,
    `});`,
    ``,
    `const message = await client.messages.create({`,
    `  model: ${literal(model)},`,
    `  max_tokens: 1024,`,
    `  messages: [{ role: "user", content: "Hello, Claude" }],`,
    `});`,
    `console.log(message.content);`,
  ].join("\n");
}

function python({ baseUrl, model }: SnippetInput): string {
  return [
    `import os`,
    ``,
    `import anthropic`,
    ``,
    `client = anthropic.Anthropic(`,
    `    base_url=${literal(baseUrl)},`,
    `    api_key=os.environ[${literal(KEY_ENV)}],`,
    `)`,
    ``,
    `message = client.messages.create(`,
    `    model=${literal(model)},`,
    `    max_tokens=1024,`,
    `    messages=[{"role": "user", "content": "Hello, Claude"}],`,
    `)`,
    `print(message.content)`,
  ].join("\n");
}

function claudeCode({ baseUrl, model, restricted, secret }: SnippetInput): string {
  return [
    // First, so the line that matters most is the one nobody misses.
    `export ANTHROPIC_API_KEY=${secret ? shellWord(secret) : `"$${KEY_ENV}"`}`,
    exportLine("ANTHROPIC_BASE_URL", baseUrl),
    // Claude Code picks its own models (and a small one for background work): a key
    // limited to some models would refuse them.
    ...(restricted ? [exportLine("ANTHROPIC_MODEL", model), exportLine("ANTHROPIC_DEFAULT_HAIKU_MODEL", model)] : []),
    `claude`,
  ].join("\n");
}

/** The three snippets, in the order the tabs show them. */
export function gatewaySnippets(input: SnippetInput): Snippet[] {
  const secretLine = input.secret ? [exportLine(KEY_ENV, input.secret)] : [];
  return [
    {
      id: "typescript",
      label: "TypeScript",
      shell: [...secretLine, "npm install @anthropic-ai/sdk"].join("\n"),
      code: { language: "typescript", text: typescript(input) },
    },
    {
      id: "python",
      label: "Python",
      shell: [...secretLine, "pip install anthropic"].join("\n"),
      code: { language: "python", text: python(input) },
    },
    { id: "claude-code", label: "Claude Code", shell: claudeCode(input), code: null },
  ];
}
