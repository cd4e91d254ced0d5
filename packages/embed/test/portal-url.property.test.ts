import { PORTAL_URL_REJECTIONS, signPortalUrl, verifyPortalUrl } from "@onflex/embed/server";
import type { SignPortalUrlOptions, VerifyPortalUrlOptions } from "@onflex/embed/server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const NOW = Date.UTC(2026, 10, 21, 9, 30, 0);
const SECRET = "property-secret";
const SIGNED = ["v", "site_id", "token", "kid", "exp", "nonce", "host_origin", "asset_model", "signature"] as const;

const verifyOptions: VerifyPortalUrlOptions = { getSecret: () => SECRET, now: () => NOW, requiredScheme: "any" };

const value = fc.string({ unit: "grapheme", minLength: 1, maxLength: 24 });
/** Charger models the signer accepts: printable, non-ASCII included, no edge whitespace. */
const assetModel = fc
  .array(fc.oneof(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), fc.constantFrom("é", "–", "ö", "😀", "№")), { minLength: 1, maxLength: 30 })
  .map((chars) => chars.join("").trim())
  .filter((model) => model.length > 0);
const link = fc.record({
  scheme: fc.constantFrom("v1" as const, "v2" as const),
  siteId: value,
  token: value,
  keyId: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/),
  withOrigin: fc.boolean(),
  assetModel: fc.option(assetModel, { nil: undefined }),
});

type LinkCase = typeof link extends fc.Arbitrary<infer T> ? T : never;

async function sign(l: LinkCase): Promise<string> {
  const common = { baseUrl: "https://portal.example/embed", siteId: l.siteId, token: l.token, secret: SECRET };
  const options: SignPortalUrlOptions =
    l.scheme === "v1"
      ? { ...common, scheme: "v1" }
      : {
          ...common,
          keyId: l.keyId,
          now: () => NOW,
          ...(l.withOrigin ? { hostOrigin: "https://app.example.com" } : {}),
          ...(l.assetModel === undefined ? {} : { assetModel: l.assetModel }),
        };
  return signPortalUrl(options);
}

function signedValues(url: string): Record<string, string | null> {
  const params = new URL(url).searchParams;
  return Object.fromEntries(SIGNED.map((name) => [name, params.get(name)]));
}

const edit = fc.record({
  op: fc.constantFrom("replace", "insert", "delete"),
  at: fc.nat(),
  char: fc.oneof(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), fc.constantFrom("é", "😀", "\u0000", "\n", "%", "&", "=", "+", " ")),
  which: fc.nat(),
});

type EditCase = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: EditCase): string {
  const chars = Array.from(text);
  const at = e.at % (chars.length + (e.op === "insert" ? 1 : 0) || 1);
  if (e.op === "insert") chars.splice(at, 0, e.char);
  else if (e.op === "delete") chars.splice(at, 1);
  else chars[at] = e.char;
  return chars.join("");
}

describe("verifyPortalUrl properties", () => {
  it("accepts every link it signs, returning exactly the signed id and token", async () => {
    await fc.assert(
      fc.asyncProperty(link, async (l) => {
        const result = await verifyPortalUrl(await sign(l), verifyOptions);
        expect(result).toMatchObject({ ok: true, scheme: l.scheme, siteId: l.siteId, token: l.token });
        // Exactly the signed model, and no model at all for v1 links or v2 links without one.
        expect(result.ok && result.assetModel).toBe(l.scheme === "v2" && l.assetModel !== undefined ? l.assetModel : undefined);
      }),
    );
  });

  it("rejects a charger model added to, removed from or swapped on any signed link", async () => {
    await fc.assert(
      fc.asyncProperty(link, assetModel, async (l, other) => {
        const url = new URL(await sign(l));
        const signedModel = url.searchParams.get("asset_model");
        if (signedModel === null) url.searchParams.set("asset_model", other);
        else if (other === signedModel) url.searchParams.delete("asset_model");
        else url.searchParams.set("asset_model", other);
        const result = await verifyPortalUrl(url.toString(), verifyOptions);
        // A v1 link cannot carry a model at all; on a v2 link it is a forgery.
        expect(result).toMatchObject({ ok: false, reason: l.scheme === "v1" ? "malformed_parameter" : "bad_signature" });
      }),
      { numRuns: 300 },
    );
  });

  it("rejects any one-character change to a signed parameter's value or the signature", async () => {
    await fc.assert(
      fc.asyncProperty(link, edit, async (l, e) => {
        const url = new URL(await sign(l));
        const present = SIGNED.filter((name) => url.searchParams.has(name));
        const name = present[e.which % present.length]!;
        const before = url.searchParams.get(name)!;
        const after = applyEdit(before, e);
        fc.pre(after !== before);
        url.searchParams.set(name, after);
        const result = await verifyPortalUrl(url.toString(), verifyOptions);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("rejects any one-character change to the raw query text unless it decodes to the same values", async () => {
    await fc.assert(
      fc.asyncProperty(link, edit, async (l, e) => {
        const signed = await sign(l);
        const queryStart = signed.indexOf("?") + 1;
        const mutatedQuery = applyEdit(signed.slice(queryStart), e);
        fc.pre(mutatedQuery !== signed.slice(queryStart));
        const mutated = signed.slice(0, queryStart) + mutatedQuery;
        const result = await verifyPortalUrl(mutated, verifyOptions);
        // Only a spelling of the very same values (say `+` for `%20`) may still pass.
        if (result.ok) expect(signedValues(mutated)).toEqual(signedValues(signed));
      }),
      { numRuns: 400 },
    );
  });

  it("never throws on arbitrary strings, and always names a documented reason", async () => {
    const reasons = Object.keys(PORTAL_URL_REJECTIONS);
    const hostileQuery = fc
      .array(fc.tuple(fc.constantFrom(...SIGNED, "x"), fc.string({ unit: "binary", maxLength: 80 })), { maxLength: 10 })
      .map((pairs) => `https://portal.example/?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, ""))}`).join("&")}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), hostileQuery), fc.string(), async (input, secret) => {
        const result = await verifyPortalUrl(input, { getSecret: () => secret, requiredScheme: "any" });
        expect(typeof result.ok).toBe("boolean");
        if (!result.ok) expect(reasons).toContain(result.reason);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws when called from JavaScript with things that are not strings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const result = await verifyPortalUrl(input as string, verifyOptions);
        expect(result.ok).toBe(false);
        if (typeof input !== "string") expect(result).toMatchObject({ reason: "malformed_parameter", status: 400 });
      }),
    );
  });
});
