import { createMemoryNonceStore, signPortalUrl, verifyPortalUrl, type VerifyPortalUrlOptions } from "@onflex/embed/server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLinkVerifier } from "../src/server/link.verify.js";

// The portal checks links with its own verifier (keys made once, HMAC without WebCrypto).
// It must answer exactly as @onflex/embed/server's verifyPortalUrl does for every link:
// genuine, tampered, expired, replayed, malformed, for v1 and v2 hosts. Both are given the
// same links and the same callbacks, and must agree field for field.

const NOW = Date.parse("2026-11-21T10:00:00Z");
const SITES: Record<string, { scheme: "v1" | "v2" | "any"; secrets: Record<string, string> }> = {
  site_v2: { scheme: "v2", secrets: { k1: "secret-one", k2: "secret-two ü" } },
  site_v1: { scheme: "v1", secrets: { v1: "legacy-secret" } },
  site_any: { scheme: "any", secrets: { k1: "any-secret" } },
};

function callbacks(): VerifyPortalUrlOptions {
  const nonces = createMemoryNonceStore({ now: () => NOW });
  return {
    now: () => NOW,
    requiredScheme: (siteId) => {
      if (siteId === "site_throws") throw new Error("lookup failed");
      return Object.hasOwn(SITES, siteId) ? SITES[siteId]!.scheme : "any";
    },
    isKnownSite: (siteId) => Object.hasOwn(SITES, siteId),
    getSecret: ({ siteId, scheme, keyId }) => {
      if (!Object.hasOwn(SITES, siteId)) return undefined;
      const secrets = SITES[siteId]!.secrets;
      if (scheme === "v1") return Object.values(secrets).length === 1 ? Object.values(secrets)[0] : undefined;
      return keyId !== undefined && Object.hasOwn(secrets, keyId) ? secrets[keyId] : undefined;
    },
    consumeNonce: (nonce, context) => nonces.consume(nonce, context),
  };
}

const siteId = fc.constantFrom("site_v2", "site_v1", "site_any", "site_unknown", "site_throws");
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom("a&b=c", "%", "+", " x ", "ü", "\u0000"));

const signed = fc
  .record({
    scheme: fc.constantFrom("v1", "v2"),
    siteId,
    token: fc.string({ minLength: 1, maxLength: 20 }),
    secretOf: fc.constantFrom("right", "wrong"),
    keyId: fc.constantFrom("k1", "k2", "v1", "k9"),
    expiresIn: fc.constantFrom(1, 60, 300, 3600, 3660, 3661, 3700, 9999),
    signedAgo: fc.constantFrom(0, 30, 61, 62, 200, 4000),
    hostOrigin: fc.option(fc.constantFrom("https://app.example", "http://127.0.0.1:5173"), { nil: undefined }),
    assetModel: fc.option(fc.constantFrom("myenergi zappi v2", "Ohme Home Pro", "</script>", "ü model"), { nil: undefined }),
  })
  .chain((options) =>
    fc.constant(options).map(async (o) => {
      const secrets = Object.hasOwn(SITES, o.siteId) ? SITES[o.siteId]!.secrets : {};
      const right = o.scheme === "v1" ? Object.values(secrets)[0] : secrets[o.keyId];
      const secret = o.secretOf === "right" && right ? right : "not-the-secret";
      return o.scheme === "v1"
        ? signPortalUrl({ scheme: "v1", baseUrl: "http://portal.test/embed", siteId: o.siteId, token: o.token, secret })
        : signPortalUrl({
            baseUrl: "http://portal.test/embed",
            siteId: o.siteId,
            token: o.token,
            secret,
            keyId: o.keyId,
            expiresInSeconds: o.expiresIn,
            now: () => NOW - o.signedAgo * 1000,
            ...(o.hostOrigin ? { hostOrigin: o.hostOrigin } : {}),
            ...(o.assetModel ? { assetModel: o.assetModel } : {}),
          });
    }),
  );

const PARAMS = ["site_id", "token", "signature", "v", "kid", "exp", "nonce", "host_origin", "asset_model", "other"];
type Mutation = (url: URL) => void;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>(() => undefined),
  fc.constantFrom(...PARAMS).map<Mutation>((name) => (url) => url.searchParams.delete(name)),
  fc.tuple(fc.constantFrom(...PARAMS), text).map<Mutation>(([name, value]) => (url) => url.searchParams.set(name, value)),
  fc.tuple(fc.constantFrom(...PARAMS), text).map<Mutation>(([name, value]) => (url) => url.searchParams.append(name, value)),
  fc.nat(63).map<Mutation>((at) => (url) => {
    const signature = url.searchParams.get("signature") ?? "";
    const flipped = signature.slice(0, at) + (signature[at] === "0" ? "1" : "0") + signature.slice(at + 1);
    url.searchParams.set("signature", flipped);
  }),
  fc.constant<Mutation>((url) => url.searchParams.set("signature", (url.searchParams.get("signature") ?? "").toUpperCase())),
  fc.constant<Mutation>((url) => url.searchParams.set("v", "3")),
  fc.constant<Mutation>((url) => url.searchParams.set("exp", "0123")),
  fc.constant<Mutation>((url) => url.searchParams.set("site_id", "x".repeat(5000))),
);

async function both(target: string) {
  const query = target.indexOf("?");
  const params = new URLSearchParams(query < 0 ? "" : target.slice(query + 1));
  const options = callbacks();
  const embed = await verifyPortalUrl(target, options);
  const portal = await createLinkVerifier()(target, params, callbacks());
  return { embed, portal };
}

describe("the portal's link verifier answers as @onflex/embed/server's verifyPortalUrl", () => {
  it("for generated links, genuine and tampered", async () => {
    await fc.assert(
      fc.asyncProperty(signed, fc.array(mutation, { maxLength: 3 }), async (link, mutations) => {
        const url = new URL(await link);
        for (const mutate of mutations) mutate(url);
        const { embed, portal } = await both(url.pathname + url.search);
        expect(portal).toEqual(embed);
      }),
      { numRuns: 400 },
    );
  });

  it("for genuine links at every edge of their lifetime (expiry, skew, furthest future)", async () => {
    let ok = 0;
    for (const signedAgo of [0, 59, 60, 61, 62, 3700]) {
      for (const expiresIn of [1, 2, 3600, 3660, 3661, 3662]) {
        for (const siteId of ["site_v2", "site_any"]) {
          const url = new URL(
            await signPortalUrl({ baseUrl: "http://portal.test/embed", siteId, token: "t", secret: SITES[siteId]!.secrets.k1!, keyId: "k1", expiresInSeconds: expiresIn, now: () => NOW - signedAgo * 1000 }),
          );
          const { embed, portal } = await both(url.pathname + url.search);
          expect(portal, `${siteId} signed ${signedAgo}s ago for ${expiresIn}s`).toEqual(embed);
          if (embed.ok) ok++;
        }
      }
    }
    // Both sides of each edge were reached.
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(72);
  });

  it("for a genuine link used twice (the second is replayed for both)", async () => {
    const url = new URL(await signPortalUrl({ baseUrl: "http://portal.test/embed", siteId: "site_v2", token: "t", secret: "secret-one", keyId: "k1", now: () => NOW }));
    const target = url.pathname + url.search;
    const options = callbacks();
    const verify = createLinkVerifier();
    const params = () => new URLSearchParams(url.search);
    const first = await verify(target, params(), options);
    expect(first).toMatchObject({ ok: true, siteId: "site_v2", token: "t", keyId: "k1" });
    expect(await verify(target, params(), options)).toEqual(await verifyPortalUrl(target, { ...options, consumeNonce: async () => false }));
  });

  it("for hostile targets that are not links at all", async () => {
    for (const target of ["/embed", "/embed?", `/embed?${"a=1&".repeat(5000)}`, "/embed?v=2&v=2", "/embed?site_id=%ZZ", "/embed?signature=" + "a".repeat(64)]) {
      const { embed, portal } = await both(target);
      expect(portal).toEqual(embed);
    }
  });
});
