import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signPortalUrl, verifyWebhook } from "@onflex/embed/server";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { JourneyModel } from "./models/journey.model.js";
import { tabTo } from "./models/keyboard.js";

// A virtual power plant operator's backend and its household, against the portal the root
// Playwright config starts (the sandbox host "Sunbank VPP", whose portal is the programme home:
// presets.flipEnrollment). The backend commissions the home (first missing what a programme
// needs, then complete), registers its webhook endpoint (a loopback receiver started here) and
// signs a link, which its page frames; the homeowner enrols by keyboard, cancels, and enrols
// again; the sandbox programme accepts the enrolment and schedules an event, which the
// homeowner sits out; every change reaches the backend as a signed webhook that it verifies,
// and the host page hears each as the flow's `notice` message (protocol 3).
const PORTAL = "http://127.0.0.1:4400";
const API_KEY = "onflex_sandbox_sunbank_api_key";
const KEY_ID = "s2026";
const SECRET = "onflex-sandbox-sunbank-secret-s2026";
const HOST_ORIGIN = "http://localhost:5173";
const PROGRAM = "Summer Thermostat Saver";
/**
 * The host's page, on its registered origin. The demo server answers there, so the test opens
 * its plain health check and writes its own page into that document: a page.route() page
 * would count as a public one, which Chromium's local network access checks forbid to frame
 * the loopback portal. The demo's own pages are not involved.
 */
const HOST_PAGE = `${HOST_ORIGIN}/healthz`;

/** Records the portal messages a careful host accepts: from the portal's origin and its iframe's window. */
function hostPage(link: string): string {
  return `<!doctype html><html lang="en"><head><title>Sunbank VPP</title></head><body><main><h1>Sunbank VPP</h1>
<iframe title="Onflex portal" src="${link.replace(/&/g, "&amp;")}" style="width:100%;height:900px;border:0"></iframe></main>
<script>
  window.accepted = [];
  window.addEventListener("message", (event) => {
    const frame = document.querySelector("iframe");
    if (event.origin === ${JSON.stringify(PORTAL)} && frame && event.source === frame.contentWindow) window.accepted.push(event.data);
  });
</script></body></html>`;
}

type Recorded = { source: string; version: number; type: string; payload: Record<string, unknown> };

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/onflex`, deliveries, server };
}

function backend(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${API_KEY}` };
  return {
    commission: (body: unknown) => request.post(`${PORTAL}/v1/commission`, { headers, data: body }),
    registerWebhooks: async (url: string) => {
      const response = await request.put(`${PORTAL}/v1/webhooks/endpoint`, { headers, data: { url } });
      expect(response.status()).toBe(200);
      return ((await response.json()) as { secret: string }).secret;
    },
    link: async (siteId: string) => {
      const token = await request.post(`${PORTAL}/v1/auth/site/${siteId}`, { headers });
      expect(token.status()).toBe(200);
      const { site_access_token } = (await token.json()) as { site_access_token: string };
      return signPortalUrl({ baseUrl: `${PORTAL}/embed`, siteId, token: site_access_token, secret: SECRET, keyId: KEY_ID, hostOrigin: HOST_ORIGIN });
    },
  };
}

test.describe("portal: a VPP operator's household joins a programme", () => {
  test("commissioned (missing details first), the homeowner enrols by keyboard, cancels and enrols again, then sits out an event of the ACTIVE enrolment; the host verifies each signed webhook", async ({ page, request }) => {
    const receiver = await startReceiver();
    try {
      const host = backend(request);
      const secret = await host.registerWebhooks(receiver.url);
      const siteId = `vpp-e2e-${Date.now()}`;
      const thermostat = { id: "thermo-1", type: "THERMOSTAT", manufacturer_name: "Nest", product_name: "Learning", serial_number: "SN-thermo-1" };

      // Without a ZIP code no programme can be chosen: 422 says what is missing, and nothing is stored.
      const missing = await host.commission({ site: { id: siteId }, devices: [thermostat], enrollment: { has_agreed_to_terms_and_conditions: true, terms_and_conditions_version: "2025-05" } });
      expect(missing.status()).toBe(422);
      expect(await missing.json()).toMatchObject({ enrollment: { missing_site_attributes: ["zip_code"] } });
      const site = { id: siteId, first_name: "Ada", last_name: "Okafor", email: "ada@example.com", state_code: "NM", city: "Roswell", zip_code: "88801", street_address: "12 Mesa Road" };
      const complete = await host.commission({ site, devices: [thermostat] });
      expect(complete.status()).toBe(200);

      const link = await host.link(siteId);
      await page.goto(HOST_PAGE);
      await page.setContent(hostPage(link));
      const portal = page.frameLocator('iframe[title="Onflex portal"]');
      const journey = new JourneyModel(page, portal);
      await expect(portal.getByText("Sunbank", { exact: true })).toBeVisible();

      const enrol = async () => {
        await journey.press(`See ${PROGRAM}`);
        await journey.tick(`I have read and agree to the terms and conditions of ${PROGRAM}`);
        await journey.press("Enrol");
        await expect(journey.flow.getByRole("button", { name: "Cancel enrolment", exact: true })).toBeVisible();
      };
      await enrol();
      await journey.checkAccessibility();
      await journey.press("Cancel enrolment");
      // Cancelled: the programmes again, and the homeowner enrols once more.
      await expect(journey.flow.getByRole("button", { name: `See ${PROGRAM}`, exact: true })).toBeVisible();
      await enrol();

      // The programme accepts the enrolment and schedules an event for tomorrow (the sandbox
      // programme's own side, driven here as the programme would).
      await expect.poll(() => receiver.deliveries.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
      const latest = JSON.parse(receiver.deliveries.at(-1)!.body) as { data: { enrollment_id: string } };
      const enrollmentId = latest.data.enrollment_id;
      const decided = await request.post(`${PORTAL}/v1/sandbox/enrollments/${enrollmentId}/decision`, { headers: { Authorization: `Bearer ${API_KEY}` }, data: { status: "ACTIVE" } });
      expect(decided.status()).toBe(200);
      const startsAt = new Date(Date.now() + 24 * 3_600_000);
      const event = await request.post(`${PORTAL}/v1/sandbox/enrollments/${enrollmentId}/events`, {
        headers: { Authorization: `Bearer ${API_KEY}` },
        data: { id: "evt-tomorrow", starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString() },
      });
      expect(event.status()).toBe(201);

      // Managing the enrolment: now ACTIVE, with tomorrow's event, which the homeowner sits out.
      await journey.press("Done");
      // Each event's buttons are named with its window ("Sit out this event: Sun 22 Nov, 18:20–20:20 …").
      const sitOut = journey.flow.getByRole("button", { name: /^Sit out this event: / });
      await tabTo(page, sitOut, { maxPresses: 60 });
      await page.keyboard.press("Enter");
      await expect(journey.flow.getByRole("heading", { name: /^Sit out the event / })).toBeVisible();
      await journey.checkAccessibility();
      await journey.press("Confirm");

      await expect.poll(() => receiver.deliveries.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
      const verified = [];
      for (const delivery of receiver.deliveries) {
        const result = await verifyWebhook({ secret, headers: delivery.headers as Record<string, string>, body: delivery.body });
        expect(result.ok).toBe(true);
        if (result.ok) verified.push(result.payload as unknown as { type: string; data: { site_id: string; status: string } });
      }
      const mine = verified.filter((payload) => payload.data.site_id === siteId);
      expect(mine.map((payload) => payload.type)).toEqual(["enrollment.created", "enrollment.cancelled", "enrollment.created", "enrollment.status_changed", "event.opted_out"]);
      expect(mine.slice(0, 4).map((payload) => payload.data.status)).toEqual(["PENDING", "UNENROLLED", "PENDING", "ACTIVE"]);
      // A tampered body fails the same check.
      const first = receiver.deliveries[0]!;
      expect((await verifyWebhook({ secret, headers: first.headers as Record<string, string>, body: first.body.replace("PENDING", "ACTIVE") })).ok).toBe(false);

      // The host page heard the same changes as it happened, each as its flow's notice.
      const accepted = await page.evaluate(() => (window as unknown as { accepted: Recorded[] }).accepted);
      expect(accepted.every((message) => message.source === "onflex-portal" && message.version === 3)).toBe(true);
      const notices = accepted.filter((message) => message.type === "notice").map((message) => message.payload);
      const programId = (notices[0]?.["notice"] as { programId?: unknown } | undefined)?.programId;
      expect(programId).toEqual(expect.any(String));
      const enrolment = (change: string, id: unknown = expect.any(String)) => ({ change, enrollmentId: id, programId });
      expect(notices).toEqual([
        { flow: "enrollment", stepId: "enrollment", notice: enrolment("enrolled") },
        { flow: "enrollment", stepId: "enrollment", notice: enrolment("cancelled") },
        { flow: "enrollment", stepId: "enrollment", notice: enrolment("enrolled", enrollmentId) },
        { flow: "manageEnrollment", stepId: "manageEnrollment", notice: { ...enrolment("opted_out", enrollmentId), eventId: "evt-tomorrow" } },
      ]);
    } finally {
      await request.put(`${PORTAL}/v1/webhooks/endpoint`, { headers: { Authorization: `Bearer ${API_KEY}` }, data: { url: null } });
      await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    }
  });
});
