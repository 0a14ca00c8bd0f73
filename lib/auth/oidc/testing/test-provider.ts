/**
 * A real OpenID Connect provider on loopback, for tests: oidc-provider (the
 * certified implementation) with one confidential client, the authorization
 * code flow with PKCE required, RS256 ID tokens and its built-in development
 * login and consent screens (any password; the login name is the user's
 * subject). The user store is fixed per test: `setUser` adds or changes a
 * user (say, a new email at the provider), `removeUser` drops one.
 *
 * Like most real providers it can put email and name in the ID token
 * (`claimsInIdToken`); by default it follows the spec strictly and hands them
 * out only at the userinfo endpoint, which Gatehouse then asks.
 *
 * `adminApi` adds `PUT /_test/users/<sub>` (JSON body: email, emailVerified,
 * name) and `DELETE /_test/users/<sub>`, so a test in another process
 * (Playwright, through scripts/test-oidc-provider.ts) can set users too.
 * Test-only: it listens on 127.0.0.1 and has no authentication.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

export type TestOidcUser = {
  /** The login name on the provider's sign-in screen, and the ID token's `sub`. */
  sub: string;
  email?: string;
  /** email_verified as sent: true, false, or a string for providers that send "true". */
  emailVerified?: boolean | string;
  name?: string;
};

export type TestOidcProviderOptions = {
  port?: number;
  /** The client's redirect URIs (Gatehouse's `<NEXTAUTH_URL>/api/auth/callback/oidc`). */
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  claimsInIdToken?: boolean;
  users?: TestOidcUser[];
  adminApi?: boolean;
};

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  setUser(user: TestOidcUser): void;
  removeUser(sub: string): void;
  close(): Promise<void>;
};

const ADMIN_PREFIX = "/_test/users/";

function signingKey() {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: crypto.randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function configuration(options: TestOidcProviderOptions, clientId: string, clientSecret: string, users: Map<string, TestOidcUser>): Configuration {
  return {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: "Gatehouse (test)",
        redirect_uris: options.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          // Read at each use, so a change made with setUser shows in the next sign-in.
          const current = users.get(sub) ?? user;
          return {
            sub,
            ...(current.email !== undefined ? { email: current.email } : {}),
            ...(current.emailVerified !== undefined ? { email_verified: current.emailVerified as boolean } : {}),
            ...(current.name !== undefined ? { name: current.name } : {}),
          };
        },
      };
    },
    conformIdTokenClaims: !options.claimsInIdToken,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    jwks: { keys: [signingKey()] },
    cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
    // Seconds; set so oidc-provider does not remind every run that its defaults are for development.
    ttl: { Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
  };
}

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? "gatehouse-test";
  const clientSecret = options.clientSecret ?? crypto.randomBytes(24).toString("base64url");
  const users = new Map((options.users ?? []).map((u) => [u.sub, u]));
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;

  const server = http.createServer((req, res) => {
    if (options.adminApi && req.url?.startsWith(ADMIN_PREFIX)) {
      void admin(req, res);
      return;
    }
    if (!handle) {
      res.writeHead(503).end();
      return;
    }
    handle(req, res);
  });

  async function admin(req: http.IncomingMessage, res: http.ServerResponse) {
    const sub = decodeURIComponent(req.url!.slice(ADMIN_PREFIX.length));
    try {
      if (req.method === "PUT") {
        const body = (await readJson(req)) as Omit<TestOidcUser, "sub">;
        users.set(sub, { sub, email: body.email, emailVerified: body.emailVerified, name: body.name });
      } else if (req.method === "DELETE") {
        users.delete(sub);
      } else {
        res.writeHead(405).end();
        return;
      }
      res.writeHead(204).end();
    } catch {
      res.writeHead(400).end();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, configuration(options, clientId, clientSecret, users));
  // oidc-provider logs every error it answers with; tests read the answers instead.
  provider.on("server_error", (_ctx, error) => console.error("[test-oidc-provider]", error));
  handle = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    setUser: (user) => void users.set(user.sub, user),
    removeUser: (sub) => void users.delete(sub),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
