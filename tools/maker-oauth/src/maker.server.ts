import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/**
 * A real OAuth 2.0 / OpenID provider on loopback that stands in for a device maker's sign-in
 * (Tesla's, myenergi's…) in the demo and the end-to-end tests. The protocol is the real one
 * (oidc-provider: authorisation code, PKCE required, single-use codes, a confidential client
 * authenticating at the token endpoint); the accounts are SIMULATED: any email address signs
 * in with the password `onflex`, and the consent page offers Allow and Deny.
 *
 * The pages are plain HTML forms, labelled for assistive technology, so the tests drive them
 * by role and name as a user would.
 */

export interface MakerClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface MakerServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clients: MakerClient[];
}

export interface MakerServer {
  /** The issuer URL: discovery lives at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  close(): Promise<void>;
}

/** The one password of the simulated accounts; anything else is "wrong password". */
export const MAKER_PASSWORD = "onflex";
/** The client the portal uses in the demo; its secret is a demo value, not a secret. */
export const DEMO_MAKER_CLIENT = { clientId: "onflex-portal", clientSecret: "onflex-demo-maker-secret" } as const;

const FORM_LIMIT = 4096;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Simulated maker</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1b1f24; }
  main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #6b7280; border-radius: 4px; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; padding: .5rem 1rem; border-radius: 4px; border: 1px solid #1b1f24; background: #fff; cursor: pointer; }
  button[value="allow"], button[type="submit"]:first-child { background: #1b1f24; color: #fff; }
  .note { color: #4b5563; font-size: .875rem; }
  [role="alert"] { color: #a4161a; font-weight: 600; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT) throw new Error("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'",
  });
  res.end(html);
}

function loginPage(uid: string, clientName: string, error?: string): string {
  return page(
    "Sign in",
    `<h1>Sign in to your device account</h1>
<p>${escapeHtml(clientName)} asks to connect to your device. <span class="note">This is a simulated maker for the Onflex demo: any email address signs in with the password “${MAKER_PASSWORD}”.</span></p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required value="driver@example.com">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><div class="actions"><button type="submit">Cancel</button></div></form>`,
  );
}

function consentPage(uid: string, clientName: string): string {
  return page(
    "Allow access",
    `<h1>Allow ${escapeHtml(clientName)} to control your device?</h1>
<p>It will be able to read your device's state and start and stop charging. You can withdraw this at any time in your account.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
<div class="actions"><button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></div>
</form>`,
  );
}

/** A signing key for this process's ID tokens (RS256, what clients expect by default). */
function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), use: "sig", alg: "RS256" };
}

export async function startMakerServer(options: MakerServerOptions): Promise<MakerServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;

  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: "Onflex",
      redirect_uris: client.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    // Every sign-in proves its PKCE verifier, as the platform always sends one.
    pkce: { required: () => true },
    scopes: ["openid"],
    claims: { openid: ["sub"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    // Keys for this process's cookies only: nothing outlives the process.
    cookies: { keys: [randomUUID(), randomUUID()] },
    jwks: { keys: [signingKey()] },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600, AccessToken: 3600, IdToken: 3600 },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = page("Sign-in error", `<h1>Something went wrong</h1><p role="alert">${escapeHtml(String(out.error_description ?? out.error))}</p>`);
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidc = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, page("Sign-in error", `<p role="alert">This sign-in page is out of date. Start again from the app.</p>`));
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? "An app";
    if (req.method === "GET" && action === undefined) {
      return send(res, 200, details.prompt.name === "login" ? loginPage(uid, clientName) : consentPage(uid, clientName));
    }
    if (req.method !== "POST") return send(res, 405, page("Not allowed", "<p>Not allowed.</p>"));
    const form = await readForm(req);
    if (action === "abort") {
      await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled the sign-in." }, { mergeWithLastSubmission: false });
      return;
    }
    if (action === "login") {
      const email = (form.get("email") ?? "").trim().toLowerCase();
      if (!email.includes("@") || form.get("password") !== MAKER_PASSWORD) {
        return send(res, 401, loginPage(uid, clientName, "That email address and password don't match an account."));
      }
      await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
      return;
    }
    if (action === "confirm") {
      if (form.get("decision") !== "allow") {
        await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user denied access." }, { mergeWithLastSubmission: true });
        return;
      }
      const accountId = details.session?.accountId;
      if (!accountId) return send(res, 400, page("Sign-in error", `<p role="alert">Sign in first.</p>`));
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) return send(res, 400, page("Sign-in error", `<p role="alert">This sign-in has expired. Start again from the app.</p>`));
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    send(res, 404, page("Not found", "<p>Not found.</p>"));
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(path);
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (!match) {
      oidc(req, res);
      return;
    }
    interaction(req, res, match[1]!, match[2]).catch(() => {
      // An expired or unknown interaction (a stale tab): say so, never a stack trace.
      if (!res.headersSent) send(res, 400, page("Sign-in error", `<p role="alert">This sign-in has expired. Start again from the app.</p>`));
      else res.end();
    });
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
