import { createHttpApi, SANDBOX, type OnboardingApi, type SandboxMaker } from "@onflex/core";
import { DEMO_MAKER_CLIENT, MAKER_PASSWORD, startMakerServer, type MakerServer } from "@onflex/maker-oauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBoot, startTestPortal, type TestPortal } from "./portal.fixture.js";

// The portal against a real OAuth 2.0 server standing in for the makers (@onflex/maker-oauth,
// oidc-provider on loopback): the sign-in starts at that server's authorisation endpoint with
// PKCE, the user signs in and allows or denies on its pages, the server sends them back to
// the portal's /device-auth/callback, and the portal exchanges the code at the token endpoint
// as a confidential client. The user's browser is played by fetch with a cookie jar.

describe("portal: device authorisation at a real authorisation server", () => {
  let portal: TestPortal;
  let maker: MakerServer;
  // Read when each session's sandbox is made, so it can name the maker started after the portal.
  const makerConfig: SandboxMaker = { issuer: "", ...DEMO_MAKER_CLIENT, redirectUri: "" };

  beforeAll(async () => {
    portal = await startTestPortal({ maker: makerConfig });
    makerConfig.redirectUri = `${portal.url}/device-auth/callback`;
    maker = await startMakerServer({ clients: [{ ...DEMO_MAKER_CLIENT, redirectUris: [makerConfig.redirectUri] }] });
    makerConfig.issuer = maker.issuer;
  });
  afterAll(async () => {
    await maker?.close();
    await portal?.dispose();
  });

  async function sessionApi(): Promise<OnboardingApi> {
    const response = await fetch(await portal.signedV2({ assetModel: SANDBOX.assetModels.qualified }));
    const { sessionId } = readBoot(await response.text());
    return createHttpApi({ baseUrl: portal.url, getToken: () => sessionId, retries: 0 });
  }

  async function startSignIn() {
    const api = await sessionApi();
    const { addresses } = await api.addresses.search({ postcode: SANDBOX.postcodes.happy });
    const { meters } = await api.meters.byAddress({ addressId: addresses[0]!.id });
    const { vehicle } = SANDBOX.devices.carPreferred;
    const device = await api.devices.register({ mpan: meters[0]!.mpan, deviceType: "ELECTRIC_VEHICLES", make: vehicle.make, model: vehicle.model, provider: "TESLA" });
    const started = await api.deviceAuth.start({ deviceId: device.deviceId });
    return { api, deviceId: device.deviceId, started };
  }

  /** A browser's part: follows redirects by hand, keeping the maker's cookies. */
  function browser() {
    const cookies = new Map<string, string>();
    async function go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; status: number; html: string }> {
      let current = url;
      let method = init.method ?? "GET";
      let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
      for (let hop = 0; hop < 10; hop++) {
        const response = await fetch(current, {
          method,
          redirect: "manual",
          headers: {
            ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
            ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          },
          ...(body ? { body } : {}),
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(";");
          const [name, ...value] = pair!.split("=");
          cookies.set(name!.trim(), value.join("="));
        }
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
          current = new URL(location, current).href;
          method = "GET";
          body = undefined;
          continue;
        }
        return { url: current, status: response.status, html: await response.text() };
      }
      throw new Error("too many redirects");
    }
    return { go };
  }

  function formAction(html: string, name: string): string {
    const match = new RegExp(`action="([^"]*/${name})"`).exec(html);
    if (!match) throw new Error(`no ${name} form`);
    return new URL(match[1]!, maker.issuer).href;
  }

  it("starts at the real server's authorisation endpoint with PKCE S256, a state and the portal's callback", async () => {
    const { started } = await startSignIn();
    const uri = new URL(started.authorizationUri);
    expect(uri.origin).toBe(maker.issuer);
    expect(uri.searchParams.get("code_challenge_method")).toBe("S256");
    expect(uri.searchParams.get("state")).toBe(started.state);
    expect(uri.searchParams.get("redirect_uri")).toBe(`${portal.url}/device-auth/callback`);
    expect(uri.searchParams.has("code_verifier")).toBe(false);
  });

  it("signs in and allows: the callback finishes the sign-in on the server, and status says complete", async () => {
    const { api, deviceId, started } = await startSignIn();
    const user = browser();
    const login = await user.go(started.authorizationUri);
    expect(login.html).toContain('<label for="password">Password</label>');
    const wrong = await user.go(formAction(login.html, "login"), { method: "POST", form: { email: "driver@example.com", password: "guess" } });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('role="alert"');
    const consent = await user.go(formAction(wrong.html, "login"), { method: "POST", form: { email: "driver@example.com", password: MAKER_PASSWORD } });
    expect(consent.html).toContain(">Allow</button>");
    const back = await user.go(formAction(consent.html, "confirm"), { method: "POST", form: { decision: "allow" } });
    expect(back.url.startsWith(`${portal.url}/device-auth/callback?`)).toBe(true);
    expect(back.status).toBe(200);
    expect(back.html).toContain("<h1>You&#39;re connected</h1>");
    expect(await api.deviceAuth.status({ deviceId, state: started.state })).toMatchObject({ status: "complete", device: { authState: "AUTHENTICATION_COMPLETE" } });
    // The popup's message carries the same URL: the widget gets the same result, no second exchange.
    expect(await api.deviceAuth.complete({ deviceId, continuationUri: back.url })).toMatchObject({ status: "complete" });
    // The page reloaded: the same answer, not an error.
    expect((await user.go(back.url)).status).toBe(200);
  });

  it("denies at the consent page: the sign-in fails with access_denied", async () => {
    const { api, deviceId, started } = await startSignIn();
    const user = browser();
    const login = await user.go(started.authorizationUri);
    const consent = await user.go(formAction(login.html, "login"), { method: "POST", form: { email: "driver@example.com", password: MAKER_PASSWORD } });
    const back = await user.go(formAction(consent.html, "confirm"), { method: "POST", form: { decision: "deny" } });
    expect(new URL(back.url).searchParams.get("error")).toBe("access_denied");
    expect(back.html).toContain("<h1>Signing in didn&#39;t finish</h1>");
    expect(await api.deviceAuth.status({ deviceId, state: started.state })).toEqual({ status: "failed", deviceId, reason: "access_denied" });
  });

  it("forged, unknown, oversized and garbled callbacks are 400 pages that change nothing", async () => {
    const { api, deviceId, started } = await startSignIn();
    for (const query of ["", "?state=", `?state=${"A".repeat(43)}&code=x`, `?state=${"x".repeat(5000)}`]) {
      const response = await fetch(`${portal.url}/device-auth/callback${query}`);
      expect(response.status, query.slice(0, 40)).toBe(400);
      expect(await response.text()).toContain("This sign-in has expired");
    }
    // Percent-encoding that is not UTF-8 is refused before any route, as everywhere.
    expect((await fetch(`${portal.url}/device-auth/callback?state=%00%ff&code=1`)).status).toBe(400);
    expect(await api.deviceAuth.status({ deviceId, state: started.state })).toEqual({ status: "pending", deviceId });
  });
});
