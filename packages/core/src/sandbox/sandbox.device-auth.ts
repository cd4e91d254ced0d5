import * as oauth from "oauth4webapi";
import { OnflexError } from "../errors.js";
import type {
  AuthorisedDevice,
  DeviceAuthCompleteInput,
  DeviceAuthFailure,
  DeviceAuthResult,
  DeviceAuthStart,
  DeviceAuthStartInput,
  DeviceAuthStatusInput,
  RegisteredDevice,
} from "../schemas/index.js";
import { SANDBOX } from "./sandbox.fixtures.js";

/**
 * A SIMULATED maker's OAuth 2.0 authorisation server, and the platform's side of the sign-in
 * against it, in memory. Nothing here talks to a maker: the "sign-in page" is
 * `simulateSignIn`, which answers as the maker would for the outcome a test or the demo
 * names (`SANDBOX.deviceAuth.*`), and the token endpoint is a function handed to oauth4webapi
 * as its fetch.
 *
 * The platform's side is the real protocol, done by oauth4webapi as a server would do it: a
 * one-time `state` and a PKCE (S256) verifier per sign-in, kept here and never returned; the
 * maker's answer validated against the expected state; the code exchanged once at the token
 * endpoint with the verifier. The maker's tokens stay in this module (as on a server) and are
 * never part of an answer.
 */

export type SandboxSignInOutcome = (typeof SANDBOX.deviceAuth)[keyof typeof SANDBOX.deviceAuth];

/**
 * A real OAuth 2.0 authorisation server standing in for the makers (the demo's and the e2e
 * tests' `@onflex/maker-oauth`, or any OpenID provider): with it, `deviceAuth.start` sends the
 * user to that server's sign-in, and the exchange is a real HTTP request to its token endpoint
 * as a confidential client. Only a server may hold `clientSecret`: give this option to a
 * sandbox that runs on a server (the portal's), never in a browser.
 */
export interface SandboxMaker {
  /** The server's issuer; its metadata is discovered from `/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The platform's callback registered at that server (the portal's `/device-auth/callback`). */
  redirectUri: string;
}

/** A sign-in lasts ten minutes, like a maker's authorisation code flow typically allows. */
const SIGN_IN_TTL_MS = 10 * 60 * 1000;
const CLIENT_ID = "onflex-sandbox";
/** Where the simulated maker sends the user back: the platform's callback (simulated too). */
const REDIRECT_URI = "https://platform.sandbox.onflex.invalid/device-auth/callback";
const MAKER_ORIGIN = "https://maker.sandbox.onflex.invalid";

interface IssuedCode {
  challenge: string;
  used: boolean;
  /** The simulated maker's token endpoint fails for this code (SANDBOX.deviceAuth.providerFailing). */
  failing: boolean;
}

interface SignIn {
  deviceId: string;
  state: string;
  verifier: string;
  challenge: string;
  expiresAt: number;
  /** The first answer recorded for this sign-in, and the continuation URI that produced it. */
  result: Promise<DeviceAuthResult> | null;
  completedWith: string | null;
}

export interface DeviceAuthSimulation {
  start(input: DeviceAuthStartInput): Promise<DeviceAuthStart>;
  complete(input: DeviceAuthCompleteInput): Promise<DeviceAuthResult>;
  status(input: DeviceAuthStatusInput): DeviceAuthResult;
  /**
   * The user at the simulated maker's page: answers with the URL the maker would send them
   * back to (null when they closed the page). With `callback` (the default) the platform's
   * callback receives that URL and completes the sign-in, so `status` learns the result; with
   * `callback: false` the URL only goes back to the widget (a redirect or the system browser),
   * which completes it with `complete`.
   */
  simulateSignIn(state: string, outcome: SandboxSignInOutcome, options?: { callback?: boolean }): Promise<{ continuationUri: string | null }>;
}

const MAKER_TIMEOUT_MS = 10_000;
/**
 * The real makers' metadata by issuer. A server keeps one sandbox per household; they share
 * what they discovered rather than each asking the maker again.
 */
const DISCOVERIES = new Map<string, Promise<oauth.AuthorizationServer>>();

export function createDeviceAuthSimulation(deps: {
  clock: () => Date;
  deviceById: (deviceId: string) => RegisteredDevice | undefined;
  maker?: SandboxMaker | undefined;
}): DeviceAuthSimulation {
  const { maker } = deps;
  // Plain HTTP only for a server on this machine (the demo's and the tests' loopback maker).
  const insecure = maker ? /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(maker.issuer) : false;
  const redirectUri = maker?.redirectUri ?? REDIRECT_URI;
  const signIns = new Map<string, SignIn>();
  const codes = new Map<string, IssuedCode>();
  // Results of finished exchanges, so status answers synchronously.
  const settled = new WeakMap<SignIn, DeviceAuthResult>();

  function failed(deviceId: string, reason: DeviceAuthFailure): DeviceAuthResult {
    return { status: "failed", deviceId, reason };
  }

  function requestOptions(): oauth.DiscoveryRequestOptions & oauth.TokenEndpointRequestOptions {
    return { [oauth.allowInsecureRequests]: insecure, signal: AbortSignal.timeout(MAKER_TIMEOUT_MS) };
  }

  /** The real maker's metadata, discovered once per issuer for every sandbox of the process (again after a failure). */
  function discover(issuer: string): Promise<oauth.AuthorizationServer> {
    let discovered = DISCOVERIES.get(issuer);
    if (!discovered) {
      discovered = (async () => {
        const url = new URL(issuer);
        return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, requestOptions()));
      })();
      DISCOVERIES.set(issuer, discovered);
      discovered.catch(() => DISCOVERIES.delete(issuer));
    }
    return discovered;
  }

  async function server(provider: string): Promise<oauth.AuthorizationServer> {
    if (maker) return discover(maker.issuer);
    const base = `${MAKER_ORIGIN}/${provider.toLowerCase()}`;
    return { issuer: base, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token` };
  }

  /** The simulated maker's token endpoint: checks the code, its single use and the PKCE verifier. */
  async function tokenEndpoint(_url: string, init: RequestInit = {}): Promise<Response> {
    const body = new URLSearchParams(typeof init.body === "string" ? init.body : init.body instanceof URLSearchParams ? init.body : "");
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
    const issued = codes.get(body.get("code") ?? "");
    if (issued?.failing) return json(503, { error: "temporarily_unavailable" });
    if (!issued || issued.used || body.get("grant_type") !== "authorization_code" || body.get("redirect_uri") !== REDIRECT_URI) {
      return json(400, { error: "invalid_grant" });
    }
    issued.used = true;
    if ((await oauth.calculatePKCECodeChallenge(body.get("code_verifier") ?? "")) !== issued.challenge) return json(400, { error: "invalid_grant" });
    return json(200, { access_token: oauth.generateRandomState(), token_type: "Bearer", expires_in: 3600, refresh_token: oauth.generateRandomState() });
  }

  async function exchange(signIn: SignIn, device: RegisteredDevice, url: URL): Promise<DeviceAuthResult> {
    let as: oauth.AuthorizationServer;
    try {
      as = await server(device.provider);
    } catch {
      return failed(device.deviceId, "provider_unavailable");
    }
    const client: oauth.Client = { client_id: maker?.clientId ?? CLIENT_ID };
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, client, url, signIn.state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        return failed(device.deviceId, error.error === "access_denied" ? "access_denied" : "provider_unavailable");
      }
      return failed(device.deviceId, "state_mismatch");
    }
    try {
      const response = maker
        ? await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(maker.clientSecret), params, redirectUri, signIn.verifier, requestOptions())
        : await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, signIn.verifier, { [oauth.customFetch]: tokenEndpoint });
      // The maker's tokens are the platform's to keep; none of them leaves this function.
      await oauth.processAuthorizationCodeResponse(as, client, response);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError && error.error === "invalid_grant") return failed(device.deviceId, "code_reused_or_expired");
      return failed(device.deviceId, "provider_unavailable");
    }
    const authorised: AuthorisedDevice = { ...device, authState: "AUTHENTICATION_COMPLETE", authorisedAt: deps.clock().toISOString() };
    return { status: "complete", deviceId: device.deviceId, device: authorised };
  }

  function signInFor(deviceId: string, state: string | null): SignIn | undefined {
    const signIn = state === null ? undefined : signIns.get(state);
    // Another device's state is not this sign-in.
    return signIn && signIn.deviceId === deviceId ? signIn : undefined;
  }

  async function complete({ deviceId, continuationUri }: DeviceAuthCompleteInput): Promise<DeviceAuthResult> {
    if (!URL.canParse(continuationUri)) {
      throw new OnflexError("validation", "The sign-in answer is not a URL.", { retryable: false, details: { field: "continuationUri" } });
    }
    const url = new URL(continuationUri);
    const signIn = signInFor(deviceId, url.searchParams.get("state"));
    const device = deps.deviceById(deviceId);
    if (!signIn || !device) return failed(deviceId, "state_mismatch");
    if (signIn.result) {
      // The same answer again (a retried request, a second tab, the popup's message after the
      // callback) gets the first result; another code for a finished sign-in is a replay.
      const recorded = await signIn.result;
      return signIn.completedWith === continuationUri ? recorded : failed(deviceId, "code_reused_or_expired");
    }
    // Recorded before the exchange starts, so a concurrent complete waits for this one.
    signIn.completedWith = continuationUri;
    signIn.result = (deps.clock().getTime() > signIn.expiresAt ? Promise.resolve(failed(deviceId, "code_reused_or_expired")) : exchange(signIn, device, url)).then((result) => {
      settled.set(signIn, result);
      return result;
    });
    return signIn.result;
  }

  return {
    async start({ deviceId }) {
      const device = deps.deviceById(deviceId);
      if (!device) throw new OnflexError("not_found", "There is no such device in the sandbox.", { retryable: false });
      if (!device.providerUsesOAuth) {
        throw new OnflexError("conflict", "This device's provider has no OAuth sign-in.", { retryable: false, details: { provider: device.provider } });
      }
      let as: oauth.AuthorizationServer;
      try {
        as = await server(device.provider);
      } catch {
        throw new OnflexError("upstream", "The maker's sign-in is not answering. Try again in a moment.", { retryable: true, details: { provider: device.provider } });
      }
      const state = oauth.generateRandomState();
      const verifier = oauth.generateRandomCodeVerifier();
      const challenge = await oauth.calculatePKCECodeChallenge(verifier);
      const expiresAt = deps.clock().getTime() + SIGN_IN_TTL_MS;
      signIns.set(state, { deviceId, state, verifier, challenge, expiresAt, result: null, completedWith: null });
      const authorizationUri = new URL(as.authorization_endpoint ?? "");
      authorizationUri.search = new URLSearchParams({
        response_type: "code",
        client_id: maker?.clientId ?? CLIENT_ID,
        redirect_uri: redirectUri,
        ...(maker ? { scope: "openid" } : {}),
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
      }).toString();
      return { deviceId, authorizationUri: authorizationUri.href, state, expiresAt: new Date(expiresAt).toISOString() };
    },
    complete,
    status({ deviceId, state }) {
      const signIn = signInFor(deviceId, state);
      if (!signIn) return failed(deviceId, "state_mismatch");
      if (signIn.result) return settled.get(signIn) ?? { status: "pending", deviceId };
      if (deps.clock().getTime() > signIn.expiresAt) return failed(deviceId, "code_reused_or_expired");
      return { status: "pending", deviceId };
    },
    async simulateSignIn(state, outcome, options = {}) {
      const signIn = signIns.get(state);
      if (!signIn) throw new OnflexError("not_found", "The simulated maker has no sign-in with that state.", { retryable: false });
      if (maker) throw new OnflexError("conflict", "This sandbox signs in at a real maker server; sign in on its pages instead.", { retryable: false });
      if (outcome === SANDBOX.deviceAuth.close) return { continuationUri: null };
      const back = new URL(REDIRECT_URI);
      if (outcome === SANDBOX.deviceAuth.deny) {
        back.search = new URLSearchParams({ error: "access_denied", state }).toString();
      } else {
        const code = oauth.generateRandomState();
        codes.set(code, { challenge: signIn.challenge, used: outcome === SANDBOX.deviceAuth.codeReused, failing: outcome === SANDBOX.deviceAuth.providerFailing });
        const answeredState = outcome === SANDBOX.deviceAuth.stateMismatch ? oauth.generateRandomState() : state;
        back.search = new URLSearchParams({ code, state: answeredState }).toString();
      }
      if (options.callback ?? true) await complete({ deviceId: signIn.deviceId, continuationUri: back.href });
      return { continuationUri: back.href };
    },
  };
}
