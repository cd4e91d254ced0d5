import { SANDBOX } from "@onflex/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "../src/server/security.headers.js";
import {
  SANDBOX_DEMO_HOST,
  SANDBOX_DEMO_SITE_ID,
  SANDBOX_HOST_ORIGINS,
  SANDBOX_V1_HOST,
  SANDBOX_V1_SITE_ID,
} from "../src/server/sandbox-sites.js";
import { BOOT_ELEMENT_ID } from "../src/shared/boot.types.js";
import { headingOf, readBoot, rejectionOf, startTestPortal, type TestPortal } from "./portal.fixture.js";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

function frameAncestorsOf(response: Response): string | undefined {
  return response.headers
    .get("content-security-policy")
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith("frame-ancestors "));
}

async function open(url: string) {
  const response = await fetch(url);
  return { response, html: await response.text() };
}

describe("signed entry", () => {
  it("accepts a fresh v2 link, opens a session and hands it to the page", async () => {
    const { response, html } = await open(await portal.signedV2({ hostOrigin: SANDBOX_HOST_ORIGINS[1] }));
    expect(response.status).toBe(200);
    const boot = readBoot(html);
    expect(boot.sessionId).toMatch(/^oss_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(boot.site.id).toBe(SANDBOX_DEMO_SITE_ID);
    expect(boot.hostOrigin).toBe(SANDBOX_HOST_ORIGINS[1]);
    expect(boot.site.branding.name).toBe("Voltra Home");
    expect(new Date(boot.sessionExpiresAt).getTime() - portal.now().getTime()).toBeGreaterThan(29 * 60_000);
    // The session works for the API straight away.
    const api = await fetch(`${portal.url}/v1/propositions/full_asset_schedule_control/terms`, {
      headers: { Authorization: `Bearer ${boot.sessionId}` },
    });
    expect(api.status).toBe(200);
  });

  it("sends the security headers, frame-ancestors from the site's registered origins and no X-Frame-Options", async () => {
    const { response } = await open(await portal.signedV2());
    expect(frameAncestorsOf(response)).toBe(`frame-ancestors ${SANDBOX_HOST_ORIGINS.join(" ")}`);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cross-origin-opener-policy")).toBeTruthy();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });

  it("accepts a Flip-compatible v1 link for a site that requires v1", async () => {
    const { response, html } = await open(await portal.signedV1());
    expect(response.status).toBe(200);
    const boot = readBoot(html);
    expect(boot.site.id).toBe(SANDBOX_V1_SITE_ID);
    expect(boot.hostOrigin).toBeNull();
  });

  const cases: Array<{ name: string; reason: string; status: number; url: () => Promise<string> }> = [
    {
      name: "a tampered link",
      reason: "bad_signature",
      status: 401,
      url: async () => {
        const url = new URL(await portal.signedV2());
        url.searchParams.set("host_origin", SANDBOX_HOST_ORIGINS[1]);
        return url.toString();
      },
    },
    {
      name: "an expired link",
      reason: "expired",
      status: 410,
      url: async () => {
        const url = await portal.signedV2({ expiresInSeconds: 60 });
        portal.advance(5 * 60_000);
        return url;
      },
    },
    {
      name: "a link signed with an unknown key id",
      reason: "unknown_key",
      status: 401,
      url: () => portal.signedV2({ keyId: "k1999", secret: "old-secret" }),
    },
    {
      name: "a v1 link for a site that requires v2",
      reason: "scheme_not_allowed",
      status: 403,
      url: async () => portal.signedV1({ siteId: SANDBOX_DEMO_SITE_ID, token: await portal.siteToken(SANDBOX_DEMO_SITE_ID), secret: "any" }),
    },
    {
      name: "a link whose site token belongs to another site",
      reason: "invalid_site_token",
      status: 401,
      url: async () => portal.signedV2({ token: await portal.siteToken(SANDBOX_V1_SITE_ID) }),
    },
    {
      name: "a link with no signature at all",
      reason: "missing_parameter",
      status: 400,
      url: async () => `${portal.url}/embed?site_id=${SANDBOX_DEMO_SITE_ID}`,
    },
  ];

  for (const rejection of cases) {
    it(`refuses ${rejection.name} with its own page and status`, async () => {
      const { response, html } = await open(await rejection.url());
      expect(response.status).toBe(rejection.status);
      expect(rejectionOf(html)).toBe(rejection.reason);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(html).not.toMatch(/at \w+ \(|Error:|node_modules/);
      // A known site may frame its own rejection page.
      expect(frameAncestorsOf(response)).toBe(`frame-ancestors ${SANDBOX_HOST_ORIGINS.join(" ")}`);
    });
  }

  it("gives every rejection a different heading or sentence, so people can tell them apart", async () => {
    const pages = new Map<string, string>();
    for (const rejection of cases) {
      const { html } = await open(await rejection.url());
      pages.set(rejection.reason, html.replace(/<small>.*<\/small>/, ""));
    }
    expect(new Set(pages.values()).size).toBe(cases.length);
  });

  it("refuses a replayed link the second time", async () => {
    const url = await portal.signedV2();
    expect((await open(url)).response.status).toBe(200);
    const second = await open(url);
    expect(second.response.status).toBe(410);
    expect(rejectionOf(second.html)).toBe("replayed");
    expect(headingOf(second.html)).toBe("This link has already been used");
  });

  it("refuses a link after its site token expired (1 h)", async () => {
    const token = await portal.siteToken();
    portal.advance(61 * 60_000);
    const { response, html } = await open(await portal.signedV2({ token }));
    expect(response.status).toBe(401);
    expect(rejectionOf(html)).toBe("invalid_site_token");
  });

  it("refuses a signed host origin that is not registered for the site", async () => {
    const { response, html } = await open(await portal.signedV2({ hostOrigin: "https://evil.example" }));
    expect(response.status).toBe(403);
    expect(rejectionOf(html)).toBe("host_origin_not_registered");
  });

  it("lets nobody frame the rejection page of an unknown site", async () => {
    const { response, html } = await open(await portal.signedV2({ siteId: "site_nobody", token: "whatever" }));
    expect(response.status).toBe(401);
    expect(rejectionOf(html)).toBe("unknown_site");
    expect(frameAncestorsOf(response)).toBe("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });

  // A host signs whatever its records say, so the page must stay safe whatever a signed model contains.
  it("escapes the boot data so a hostile (signed) asset model cannot close the script element", async () => {
    const { response, html } = await open(await portal.signedV2({ assetModel: "</script><script>alert(1)</script>" }));
    expect(response.status).toBe(200);
    expect(html).not.toContain("<script>alert(1)");
    expect(readBoot(html).assetModel).toBe("</script><script>alert(1)</script>");
  });

  it("keeps replacement patterns in the boot data literal, so they cannot splice the template into the page", async () => {
    const { response, html } = await open(await portal.signedV2({ assetModel: "$' $& $`" }));
    expect(response.status).toBe(200);
    expect(readBoot(html).assetModel).toBe("$' $& $`");
    expect(html.match(/<\/head>/g)).toHaveLength(1);
  });
});

describe("the charger model decides eligibility, so only a signed one counts", () => {
  it("hands the model signed into a v2 link to the page", async () => {
    const { response, html } = await open(await portal.signedV2({ assetModel: SANDBOX.assetModels.notQualified }));
    expect(response.status).toBe(200);
    // Not the site default (the qualified model): the signed value wins.
    expect(readBoot(html).assetModel).toBe(SANDBOX.assetModels.notQualified);
  });

  it("hands a signed qualified model to the page on a site whose default is something else", async () => {
    const other = await startTestPortal({ hosts: [{ ...SANDBOX_DEMO_HOST, defaultAssetModel: SANDBOX.assetModels.notQualified }] });
    try {
      const { response, html } = await open(await other.signedV2({ assetModel: SANDBOX.assetModels.qualified }));
      expect(response.status).toBe(200);
      expect(readBoot(html).assetModel).toBe(SANDBOX.assetModels.qualified);
    } finally {
      await other.dispose();
    }
  });

  it("uses the site default for v2 and v1 links that carry no model", async () => {
    expect(readBoot((await open(await portal.signedV2())).html).assetModel).toBe(SANDBOX_DEMO_HOST.defaultAssetModel);
    expect(readBoot((await open(await portal.signedV1())).html).assetModel).toBe(SANDBOX_V1_HOST.defaultAssetModel);
  });

  // Rejected rather than ignored: the signature covers asset_model (absent is signed as
  // empty), so an added one is a forged link, and the page says so instead of quietly
  // running a journey the user did not ask for.
  it("refuses a v2 link with an unsigned asset_model added to it", async () => {
    const url = new URL(await portal.signedV2());
    url.searchParams.set("asset_model", SANDBOX.assetModels.qualified);
    const { response, html } = await open(url.toString());
    expect(response.status).toBe(401);
    expect(rejectionOf(html)).toBe("bad_signature");
    expect(html).not.toContain(BOOT_ELEMENT_ID);
  });

  it("refuses a v2 link whose signed model was changed or removed", async () => {
    for (const edit of [(url: URL) => url.searchParams.set("asset_model", SANDBOX.assetModels.qualified), (url: URL) => url.searchParams.delete("asset_model")]) {
      const url = new URL(await portal.signedV2({ assetModel: SANDBOX.assetModels.notQualified }));
      edit(url);
      const { response, html } = await open(url.toString());
      expect(response.status).toBe(401);
      expect(rejectionOf(html)).toBe("bad_signature");
    }
  });

  it("refuses an asset_model on a v1 link, which cannot sign one", async () => {
    const url = new URL(await portal.signedV1());
    url.searchParams.set("asset_model", SANDBOX.assetModels.qualified);
    const { response, html } = await open(url.toString());
    expect(response.status).toBe(400);
    expect(rejectionOf(html)).toBe("malformed_parameter");
  });
});

describe("site tokens", () => {
  const issue = (siteId: string, authorization?: string) =>
    fetch(`${portal.url}/v1/auth/site/${siteId}`, { method: "POST", headers: authorization ? { Authorization: authorization } : {} });

  it("issues a one-hour token for the site whose API key is presented", async () => {
    const response = await issue(SANDBOX_DEMO_SITE_ID, "Bearer onflex_sandbox_demo_api_key");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { site_access_token: string; expires_at: string };
    expect(body.site_access_token).toMatch(/^ost_/);
    const lifetime = new Date(body.expires_at).getTime() - portal.now().getTime();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
  });

  it.each([
    ["a wrong key", SANDBOX_DEMO_SITE_ID, "Bearer not-the-key"],
    ["another site's key", SANDBOX_DEMO_SITE_ID, "Bearer onflex_sandbox_v1_api_key"],
    ["no Authorization header", SANDBOX_DEMO_SITE_ID, undefined],
    ["a household site of another host", SANDBOX_V1_SITE_ID, "Bearer onflex_sandbox_demo_api_key"],
  ])("answers 401 with the error body for %s", async (_name, siteId, authorization) => {
    const response = await issue(siteId, authorization);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String), details: {} } });
  });
});

describe("the documents' Content-Security-Policy", () => {
  it("allows inline scripts only by hash, and drops any other source it is given", () => {
    const hash = "'sha256-gUeCLIp/tcw6a8kK1Dh42beS29wC79edw3As/2e8cuQ='";
    expect(contentSecurityPolicy([], { scriptSources: [hash] })).toContain(`script-src 'self' ${hash};`);
    for (const hostile of ["'unsafe-inline'", "'unsafe-eval'", "https://evil.example", "'sha256-abc'; script-src *", "*"]) {
      expect(contentSecurityPolicy([], { scriptSources: [hostile] }), hostile).toContain("script-src 'self';");
    }
    expect(contentSecurityPolicy([])).toContain("script-src 'self';");
  });
});
