import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";
import {
  createMemoryNonceStore,
  PORTAL_URL_REJECTIONS,
  portalUrlV2CanonicalString,
  signPortalUrl,
  verifyPortalUrl,
} from "@onflex/embed/server";
import type { PortalUrlRejectionReason, VerifyPortalUrlOptions } from "@onflex/embed/server";
import { describe, expect, it } from "vitest";

// Flip's documented sample implementation, reproduced here (and only here) as the reference
// the v1 scheme must agree with byte for byte.
function flipCreateSignature({ secret, siteId, siteToken }: { secret: string; siteId: string; siteToken: string }): string {
  const hmac = createHmac("sha256", secret);
  const body = JSON.stringify({ site_id: siteId, token: siteToken });
  const digest = hmac.update(body).digest("hex");
  return Buffer.from(digest, "hex").toString("hex");
}

const FLIP = { secret: "whsec_flip_sample_2026", siteId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", token: "st_live_4f1c2b" };
const FLIP_SIGNATURE = "2efbdd9ce95e4aa6b62a0bff92425594cb4c2e3a11e7f2c1e7659688506e5905";

const NOW = Date.UTC(2026, 10, 21, 9, 30, 0);
const V2 = {
  baseUrl: "https://portal.onflex.example/embed",
  siteId: "site_42",
  token: "tok_household_1",
  secret: "onflex-test-secret-v2",
  keyId: "k2026-11",
  now: () => NOW,
  expiresInSeconds: 300,
  nonce: "AAECAwQFBgcICQoLDA0ODw",
  hostOrigin: "https://app.example.com",
};
const V2_CANONICAL =
  "onflex-portal-v2\n" +
  "site_id:7:site_42\n" +
  "token:15:tok_household_1\n" +
  "kid:8:k2026-11\n" +
  "exp:10:1795253700\n" +
  "nonce:22:AAECAwQFBgcICQoLDA0ODw\n" +
  "host_origin:23:https://app.example.com\n" +
  // No charger model: the line is still there, empty, exactly as host_origin is when absent.
  "asset_model:0:\n";
const V2_SIGNATURE = "f7a7e60fe33b70b8a6167394a6fad3ee15cbab94a63ac773b6f30c4883ecdf27";
const V2_URL =
  "https://portal.onflex.example/embed?v=2&site_id=site_42&token=tok_household_1&kid=k2026-11&exp=1795253700" +
  "&nonce=AAECAwQFBgcICQoLDA0ODw&host_origin=https%3A%2F%2Fapp.example.com&signature=" +
  V2_SIGNATURE;

// The same link with a charger model. The en dash is 3 UTF-8 bytes, so the prefix (30) is not
// the UTF-16 length (28): a signer that counted the wrong thing fails here.
const MODEL = "Wallbox Pulsar Plus – 7.4 kW";
const V2_MODEL_CANONICAL = V2_CANONICAL.replace("asset_model:0:\n", `asset_model:30:${MODEL}\n`);
const V2_MODEL_SIGNATURE = "ad58865c981ed07a43d86bdf2aec997cc706ca2c8495130b66a644d9275feeb1";
const V2_MODEL_URL =
  "https://portal.onflex.example/embed?v=2&site_id=site_42&token=tok_household_1&kid=k2026-11&exp=1795253700" +
  "&nonce=AAECAwQFBgcICQoLDA0ODw&host_origin=https%3A%2F%2Fapp.example.com&asset_model=Wallbox+Pulsar+Plus+%E2%80%93+7.4+kW&signature=" +
  V2_MODEL_SIGNATURE;

const v2Options = (overrides: Partial<VerifyPortalUrlOptions> = {}): VerifyPortalUrlOptions => ({
  getSecret: ({ siteId, keyId }) => (siteId === V2.siteId && keyId === V2.keyId ? V2.secret : undefined),
  now: () => NOW,
  ...overrides,
});
const v1Options = (overrides: Partial<VerifyPortalUrlOptions> = {}): VerifyPortalUrlOptions => ({
  getSecret: ({ siteId, scheme }) => (siteId === FLIP.siteId && scheme === "v1" ? FLIP.secret : undefined),
  requiredScheme: "any",
  ...overrides,
});

function withParam(url: string, name: string, value: string | null): string {
  const parsed = new URL(url);
  if (value === null) parsed.searchParams.delete(name);
  else parsed.searchParams.set(name, value);
  return parsed.toString();
}

describe("v1: Flip's documented scheme", () => {
  it("matches the pinned output of Flip's sample code", () => {
    expect(flipCreateSignature({ secret: FLIP.secret, siteId: FLIP.siteId, siteToken: FLIP.token })).toBe(FLIP_SIGNATURE);
  });

  it("signs exactly what Flip's sample signs", async () => {
    const url = new URL(await signPortalUrl({ scheme: "v1", baseUrl: "https://portal.example/", ...FLIP }));
    expect(url.searchParams.get("signature")).toBe(FLIP_SIGNATURE);
    expect([...url.searchParams.keys()]).toEqual(["site_id", "token", "signature"]);
    expect(url.searchParams.get("site_id")).toBe(FLIP.siteId);
  });

  it("accepts a link signed by Flip's sample code", async () => {
    const signature = flipCreateSignature({ secret: FLIP.secret, siteId: FLIP.siteId, siteToken: FLIP.token });
    const url = `https://portal.example/?site_id=${FLIP.siteId}&token=${FLIP.token}&signature=${signature}`;
    expect(await verifyPortalUrl(url, v1Options())).toEqual({ ok: true, siteId: FLIP.siteId, token: FLIP.token, scheme: "v1" });
  });

  it("agrees with Flip's sample for ids and tokens JSON has to escape", async () => {
    const awkward = { secret: "sécret ☃", siteId: 'site "quoted" \\ / é', token: "tok\n\u2028😀" };
    const url = new URL(await signPortalUrl({ scheme: "v1", baseUrl: "https://portal.example/", ...awkward }));
    expect(url.searchParams.get("signature")).toBe(flipCreateSignature({ secret: awkward.secret, siteId: awkward.siteId, siteToken: awkward.token }));
  });
});

describe("v2: expiry, key id and nonce", () => {
  const fields = { siteId: V2.siteId, token: V2.token, keyId: V2.keyId, exp: "1795253700", nonce: V2.nonce, hostOrigin: V2.hostOrigin };

  it("builds the documented canonical string, with and without a charger model", () => {
    expect(portalUrlV2CanonicalString({ ...fields, assetModel: "" })).toBe(V2_CANONICAL);
    expect(portalUrlV2CanonicalString({ ...fields, assetModel: MODEL })).toBe(V2_MODEL_CANONICAL);
  });

  it("signs the pinned known answer, which a plain HMAC of the canonical string reproduces", async () => {
    expect(await signPortalUrl(V2)).toBe(V2_URL);
    expect(createHmac("sha256", V2.secret).update(V2_CANONICAL).digest("hex")).toBe(V2_SIGNATURE);
  });

  it("signs the pinned known answer with a charger model, which a plain HMAC reproduces", async () => {
    expect(await signPortalUrl({ ...V2, assetModel: MODEL })).toBe(V2_MODEL_URL);
    expect(createHmac("sha256", V2.secret).update(V2_MODEL_CANONICAL).digest("hex")).toBe(V2_MODEL_SIGNATURE);
  });

  it("counts UTF-8 bytes in the length prefixes", () => {
    const text = portalUrlV2CanonicalString({ siteId: "é", token: "😀", keyId: "k", exp: "1", nonce: "n", hostOrigin: "", assetModel: "€" });
    expect(text).toBe("onflex-portal-v2\nsite_id:2:é\ntoken:4:😀\nkid:1:k\nexp:1:1\nnonce:1:n\nhost_origin:0:\nasset_model:3:€\n");
  });

  it("keeps the canonical string unambiguous when a value imitates the next line", () => {
    // Without length prefixes these two would both end "…host_origin:0:\nasset_model:1:x\n".
    const smuggled = portalUrlV2CanonicalString({ ...fields, hostOrigin: "\nasset_model:1:x", assetModel: "" });
    const honest = portalUrlV2CanonicalString({ ...fields, hostOrigin: "", assetModel: "x" });
    expect(smuggled).not.toBe(honest);
  });

  it("returns the signed charger model, and none when the link carries none", async () => {
    expect(await verifyPortalUrl(V2_MODEL_URL, v2Options())).toMatchObject({ ok: true, scheme: "v2", assetModel: MODEL });
    expect(await verifyPortalUrl(V2_URL, v2Options())).not.toHaveProperty("assetModel");
  });

  it("refuses a charger model that was added, removed or changed after signing", async () => {
    const added = withParam(V2_URL, "asset_model", "myenergi zappi v2");
    const removed = withParam(V2_MODEL_URL, "asset_model", null);
    const changed = withParam(V2_MODEL_URL, "asset_model", "myenergi zappi v2");
    // The signature of the model-free link, moved onto a link that names a model.
    const swapped = withParam(V2_MODEL_URL, "signature", V2_SIGNATURE);
    for (const url of [added, removed, changed, swapped]) {
      expect(await verifyPortalUrl(url, v2Options())).toMatchObject({ ok: false, reason: "bad_signature", status: 401 });
    }
  });

  it("accepts a charger model of exactly 120 code points, astral characters counting once", async () => {
    const longest = `${"😀".repeat(60)}${"a".repeat(60)}`;
    const url = await signPortalUrl({ ...V2, assetModel: longest });
    expect(await verifyPortalUrl(url, v2Options())).toMatchObject({ ok: true, assetModel: longest });
  });

  it("verifies its own links and returns what was signed", async () => {
    expect(await verifyPortalUrl(V2_URL, v2Options())).toEqual({
      ok: true,
      siteId: V2.siteId,
      token: V2.token,
      scheme: "v2",
      keyId: V2.keyId,
      expiresAt: 1795253700,
      nonce: V2.nonce,
      hostOrigin: V2.hostOrigin,
    });
  });

  it("accepts the path-and-query form a Node request carries", async () => {
    const { pathname, search } = new URL(V2_URL);
    expect(await verifyPortalUrl(pathname + search, v2Options())).toMatchObject({ ok: true, siteId: V2.siteId });
  });

  it("accepts a URL object, even one from another realm", async () => {
    expect(await verifyPortalUrl(new URL(V2_URL), v2Options())).toMatchObject({ ok: true });
    expect(await verifyPortalUrl({ href: V2_URL } as unknown as URL, v2Options())).toMatchObject({ ok: true });
  });

  it("keeps the base URL's own parameters, unsigned", async () => {
    const url = await signPortalUrl({ ...V2, baseUrl: "https://portal.onflex.example/embed?lang=en" });
    expect(new URL(url).searchParams.get("lang")).toBe("en");
    expect(await verifyPortalUrl(url, v2Options())).toMatchObject({ ok: true });
  });

  it("makes a fresh 128-bit nonce for every link", async () => {
    const { nonce: _fixed, ...random } = V2;
    const a = new URL(await signPortalUrl(random)).searchParams.get("nonce");
    const b = new URL(await signPortalUrl(random)).searchParams.get("nonce");
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
  });

  it("selects the secret by key id, so two keys work side by side during a rotation", async () => {
    const secrets: Record<string, string> = { old: "old-secret", new: "new-secret" };
    const options = v2Options({ getSecret: ({ keyId }) => (keyId ? secrets[keyId] : undefined) });
    const byOld = await signPortalUrl({ ...V2, keyId: "old", secret: "old-secret" });
    const byNew = await signPortalUrl({ ...V2, keyId: "new", secret: "new-secret" });
    const crossed = await signPortalUrl({ ...V2, keyId: "new", secret: "old-secret" });
    expect((await verifyPortalUrl(byOld, options)).ok).toBe(true);
    expect((await verifyPortalUrl(byNew, options)).ok).toBe(true);
    expect(await verifyPortalUrl(crossed, options)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses bad signing options with a clear TypeError", async () => {
    await expect(signPortalUrl({ ...V2, keyId: "" })).rejects.toThrow(/keyId must be a non-empty string/);
    await expect(signPortalUrl({ ...V2, keyId: "has space" })).rejects.toThrow(/keyId must match/);
    await expect(signPortalUrl({ ...V2, secret: "" })).rejects.toThrow(/secret/);
    await expect(signPortalUrl({ ...V2, hostOrigin: "https://app.example.com/path" })).rejects.toThrow(/hostOrigin/);
    await expect(signPortalUrl({ ...V2, nonce: "short" })).rejects.toThrow(/nonce/);
    await expect(signPortalUrl({ ...V2, expiresInSeconds: 0 })).rejects.toThrow(/expiresInSeconds/);
    await expect(signPortalUrl({ ...V2, baseUrl: "/relative" })).rejects.toThrow(/absolute URL/);
    await expect(signPortalUrl({ ...V2, baseUrl: "https://p.example/?token=x" })).rejects.toThrow(/already has a "token"/);
    await expect(signPortalUrl({ ...V2, baseUrl: "https://p.example/?asset_model=x" })).rejects.toThrow(/already has a "asset_model"/);
  });

  it("refuses a charger model it could not sign faithfully", async () => {
    const bad = ["", " leading", "trailing ", "a".repeat(121), "line\nbreak", "tab\there", "bidi\u202Eoverride", "zero\u200Bwidth", "lone \uD800 surrogate", "nul\u0000"];
    for (const assetModel of bad) {
      await expect(signPortalUrl({ ...V2, assetModel }), JSON.stringify(assetModel)).rejects.toThrow(/assetModel must be 1 to 120 characters/);
    }
    await expect(signPortalUrl({ ...V2, assetModel: 42 as unknown as string })).rejects.toThrow(/assetModel/);
  });

  it("refuses to sign a v1 link with a charger model rather than drop it", async () => {
    const options = { scheme: "v1" as const, baseUrl: "https://portal.example/", ...FLIP, assetModel: "myenergi zappi v2" };
    await expect(signPortalUrl(options as unknown as Parameters<typeof signPortalUrl>[0])).rejects.toThrow(/v1 links cannot carry assetModel/);
  });
});

describe("every rejection reason", () => {
  const expectRejected = async (url: string, options: VerifyPortalUrlOptions, reason: PortalUrlRejectionReason, status: number) => {
    const result = await verifyPortalUrl(url, options);
    expect(result).toMatchObject({ ok: false, reason, status });
    if (!result.ok) {
      expect(result.message).toBe(PORTAL_URL_REJECTIONS[reason].message);
      expect(result.message).not.toContain(V2.token);
    }
  };

  it("malformed_parameter: not a URL, an unknown version, bad formats, v2 fields on a v1 link", async () => {
    await expectRejected("http://[not a url", v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "v", "3"), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "exp", "soon"), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "exp", "01795253700"), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "kid", "k/1"), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "nonce", "tooshort"), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "host_origin", "https://app.example.com/"), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "host_origin", ""), v2Options(), "malformed_parameter", 400);
    await expectRejected(withParam(V2_URL, "site_id", "x".repeat(5000)), v2Options(), "malformed_parameter", 400);
    for (const model of ["", " padded ", "a".repeat(121), "line\nbreak", "bidi\u202Eoverride"]) {
      await expectRejected(withParam(V2_URL, "asset_model", model), v2Options(), "malformed_parameter", 400);
    }
    const v1 = await signPortalUrl({ scheme: "v1", baseUrl: "https://portal.example/", ...FLIP });
    await expectRejected(withParam(v1, "host_origin", "https://evil.example"), v1Options(), "malformed_parameter", 400);
    // v1 signs only site_id and token, so a model on a v1 link would be unsigned: refused, not ignored.
    await expectRejected(withParam(v1, "asset_model", "myenergi zappi v2"), v1Options(), "malformed_parameter", 400);
  });

  it("repeated_parameter: a signed parameter given twice", async () => {
    await expectRejected(`${V2_URL}&site_id=other`, v2Options(), "repeated_parameter", 400);
    await expectRejected(`${V2_URL}&signature=${V2_SIGNATURE}`, v2Options(), "repeated_parameter", 400);
    await expectRejected(`${V2_MODEL_URL}&asset_model=other`, v2Options(), "repeated_parameter", 400);
  });

  it("missing_parameter: absent or empty", async () => {
    for (const name of ["site_id", "token", "signature", "kid", "exp", "nonce"]) {
      await expectRejected(withParam(V2_URL, name, null), v2Options(), "missing_parameter", 400);
    }
    await expectRejected(withParam(V2_URL, "token", ""), v2Options(), "missing_parameter", 400);
  });

  it("malformed_signature: wrong length, non-hex or uppercase", async () => {
    await expectRejected(withParam(V2_URL, "signature", V2_SIGNATURE.slice(2)), v2Options(), "malformed_signature", 400);
    await expectRejected(withParam(V2_URL, "signature", `${V2_SIGNATURE}00`), v2Options(), "malformed_signature", 400);
    await expectRejected(withParam(V2_URL, "signature", `zz${V2_SIGNATURE.slice(2)}`), v2Options(), "malformed_signature", 400);
    await expectRejected(withParam(V2_URL, "signature", V2_SIGNATURE.toUpperCase()), v2Options(), "malformed_signature", 400);
  });

  it("scheme_not_allowed: a v1 link where v2 is required (the default), and the reverse", async () => {
    const v1 = await signPortalUrl({ scheme: "v1", baseUrl: "https://portal.example/", ...FLIP });
    await expectRejected(v1, v1Options({ requiredScheme: undefined }), "scheme_not_allowed", 403);
    await expectRejected(v1, v1Options({ requiredScheme: (siteId) => (siteId === FLIP.siteId ? "v2" : "any") }), "scheme_not_allowed", 403);
    await expectRejected(V2_URL, v2Options({ requiredScheme: "v1" }), "scheme_not_allowed", 403);
  });

  it("unknown_site and unknown_key", async () => {
    const v1 = await signPortalUrl({ scheme: "v1", baseUrl: "https://portal.example/", ...FLIP, siteId: "ghost" });
    await expectRejected(v1, v1Options(), "unknown_site", 401);
    await expectRejected(V2_URL, v2Options({ isKnownSite: () => false }), "unknown_site", 401);
    await expectRejected(withParam(V2_URL, "kid", "retired"), v2Options(), "unknown_key", 401);
    await expectRejected(V2_URL, v2Options({ getSecret: () => "" }), "unknown_key", 401);
  });

  it("lookup_failed: a callback that throws is reported, not rethrown", async () => {
    const boom = () => {
      throw new Error("invalid input syntax for type uuid");
    };
    await expectRejected(V2_URL, v2Options({ getSecret: boom }), "lookup_failed", 503);
    await expectRejected(V2_URL, v2Options({ isKnownSite: async () => Promise.reject(new Error("db down")) }), "lookup_failed", 503);
    await expectRejected(V2_URL, v2Options({ requiredScheme: boom }), "lookup_failed", 503);
    await expectRejected(V2_URL, v2Options({ consumeNonce: async () => Promise.reject(new Error("db down")) }), "lookup_failed", 503);
  });

  it("bad_signature: the wrong secret, or a v2 MAC presented as v1", async () => {
    await expectRejected(V2_URL, v2Options({ getSecret: () => "another-secret" }), "bad_signature", 401);
    const asV1 = `https://portal.example/?site_id=${V2.siteId}&token=${V2.token}&signature=${V2_SIGNATURE}`;
    // Same secret, same site and token: the domain-separation line alone keeps it out.
    await expectRejected(asV1, v2Options({ requiredScheme: "any", getSecret: () => V2.secret }), "bad_signature", 401);
  });

  it("expired: past exp plus the allowed skew", async () => {
    const exp = 1795253700 * 1000;
    expect((await verifyPortalUrl(V2_URL, v2Options({ now: () => exp + 60_000 }))).ok).toBe(true);
    await expectRejected(V2_URL, v2Options({ now: () => exp + 61_000 }), "expired", 410);
    await expectRejected(V2_URL, v2Options({ now: () => exp + 1_000, clockSkewSeconds: 0 }), "expired", 410);
  });

  it("too_far_in_future: a lifetime longer than the portal allows", async () => {
    const longLived = await signPortalUrl({ ...V2, expiresInSeconds: 7 * 24 * 3600 });
    await expectRejected(longLived, v2Options(), "too_far_in_future", 403);
    await expectRejected(V2_URL, v2Options({ maxLifetimeSeconds: 60, clockSkewSeconds: 0 }), "too_far_in_future", 403);
    expect((await verifyPortalUrl(V2_URL, v2Options({ maxLifetimeSeconds: 300, clockSkewSeconds: 0 }))).ok).toBe(true);
  });

  it("replayed: the second use of a nonce, and only once everything else passed", async () => {
    const store = createMemoryNonceStore({ now: () => NOW });
    const options = v2Options({ consumeNonce: store.consume });
    expect((await verifyPortalUrl(V2_URL, options)).ok).toBe(true);
    await expectRejected(V2_URL, options, "replayed", 410);
    // A forged link with the same nonce must not burn it: it never reaches the store.
    const fresh = createMemoryNonceStore({ now: () => NOW });
    await verifyPortalUrl(V2_URL, v2Options({ getSecret: () => "wrong", consumeNonce: fresh.consume }));
    expect(fresh.size).toBe(0);
  });

  it("maps every reason to a status and a message", () => {
    const reasons: PortalUrlRejectionReason[] = [
      "malformed_parameter",
      "repeated_parameter",
      "missing_parameter",
      "malformed_signature",
      "scheme_not_allowed",
      "unknown_site",
      "unknown_key",
      "lookup_failed",
      "bad_signature",
      "expired",
      "too_far_in_future",
      "replayed",
    ];
    expect(Object.keys(PORTAL_URL_REJECTIONS).sort()).toEqual([...reasons].sort());
  });
});

describe("memory nonce store", () => {
  it("forgets a nonce once its link can no longer verify, keeping memory bounded", async () => {
    let now = NOW;
    const store = createMemoryNonceStore({ now: () => now, clockSkewSeconds: 60 });
    const expiresAt = NOW / 1000 + 300;
    expect(await store.consume("n1", { siteId: "a", expiresAt })).toBe(true);
    expect(await store.consume("n1", { siteId: "a", expiresAt })).toBe(false);
    expect(await store.consume("n1", { siteId: "b", expiresAt })).toBe(true);
    now = (expiresAt + 61) * 1000;
    expect(await store.consume("n2", { siteId: "a", expiresAt: expiresAt + 400 })).toBe(true);
    expect(store.size).toBe(1);
  });
});
