import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BackupReservePolicy,
  SANDBOX_PROGRAM_IDS,
  SANDBOX_PROGRAMS,
  SANDBOX_SITES,
  addMonths,
  createHttpApi,
  createSandboxApi,
  effectiveReserve,
  eventStatusAt,
  reserveLevelError,
  serveOperation,
  siteTimeZone,
  toProgramEventStatus,
  unenrollRefusal,
  unenrollTerms,
} from "@onflex/core";
import type { OnboardingApi, Program, SandboxSite } from "@onflex/core";
import { rejection } from "./rejection.js";

const START = new Date("2026-07-14T15:00:00.000Z");

/** A sandbox whose clock a test moves. */
function sandboxAt(site: SandboxSite, at = START) {
  let now = at.getTime();
  const api = createSandboxApi({ clock: () => new Date(now), site });
  return { api, advance: (ms: number) => (now += ms) };
}

function overHttp(backend: OnboardingApi): OnboardingApi {
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    const request = new Request(url, init);
    const { pathname, searchParams } = new URL(request.url);
    const result = await serveOperation(backend, {
      method: request.method,
      pathname,
      query: searchParams,
      readJson: () => request.json(),
      idempotencyKey: request.headers.get("Idempotency-Key"),
    });
    return new Response(result.body === undefined ? null : JSON.stringify(result.body), { status: result.status, headers: { "Content-Type": "application/json" } });
  };
  return createHttpApi({ baseUrl: "https://api.onflex.test", fetch, retries: 0 });
}

function programOf(id: string): Program {
  const found = SANDBOX_PROGRAMS.find((d) => d.program.id === id)?.program;
  if (!found) throw new Error(`no programme ${id}`);
  return found;
}

const policyArb = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }))
  .map(([a, b, d]) => {
    const minimum = Math.min(a, b);
    const maximum = Math.max(a, b);
    return { minimum_percentage: minimum, maximum_percentage: maximum, default_percentage: d === null ? null : Math.min(maximum, Math.max(minimum, d)) };
  });
const levelArb = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });

describe("effectiveReserve: the event's own level, else the programme's default, else the household's", () => {
  it("falls back in that order, and always lands within the programme's bounds", () => {
    fc.assert(
      fc.property(levelArb, fc.option(policyArb, { nil: null }), levelArb, (eventLevel, policy, siteLevel) => {
        expect(BackupReservePolicy.safeParse(policy ?? { minimum_percentage: 0, maximum_percentage: 100, default_percentage: null }).success).toBe(true);
        const result = effectiveReserve(eventLevel, policy, siteLevel);
        const expectedSource = eventLevel !== null ? "event" : policy?.default_percentage != null ? "program" : siteLevel !== null ? "site" : "none";
        expect(result.source).toBe(expectedSource);
        if (result.percentage !== null && policy) {
          expect(result.percentage).toBeGreaterThanOrEqual(policy.minimum_percentage);
          expect(result.percentage).toBeLessThanOrEqual(policy.maximum_percentage);
        }
        if (result.source === "event" && policy && eventLevel !== null && reserveLevelError(eventLevel, policy) === null) expect(result.percentage).toBe(eventLevel);
        if (result.source === "program") expect(result.percentage).toBe(policy?.default_percentage);
        if (result.source === "none") expect(result.percentage).toBeNull();
      }),
    );
  });

  it("reserveLevelError accepts exactly the whole percentages within the bounds", () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: -20, max: 120 }), (policy, value) => {
        const error = reserveLevelError(value, policy);
        const inside = value >= policy.minimum_percentage && value <= policy.maximum_percentage && value >= 0 && value <= 100;
        expect(error === null).toBe(inside);
        if (error === "below_minimum") expect(value).toBeLessThan(policy.minimum_percentage);
        if (error === "above_maximum") expect(value).toBeGreaterThan(policy.maximum_percentage);
      }),
    );
    expect(reserveLevelError(50, null)).toBe("not_offered");
    expect(reserveLevelError(20.5, { minimum_percentage: 0, maximum_percentage: 100, default_percentage: null })).toBe("not_a_whole_percentage");
  });

  it("a policy whose bounds are crossed, or whose default is outside them, does not parse", () => {
    expect(BackupReservePolicy.safeParse({ minimum_percentage: 60, maximum_percentage: 40, default_percentage: null }).success).toBe(false);
    expect(BackupReservePolicy.safeParse({ minimum_percentage: 20, maximum_percentage: 40, default_percentage: 50 }).success).toBe(false);
  });
});

describe("unenrollTerms", () => {
  it("is committed until the same day N months after enrolling; within it a penalty or a refusal", () => {
    const enrollment = { created_at: "2026-01-31T10:00:00.000Z" };
    const refuses = { minimum_commitment_months: 3, early_unenrollment_penalty: null };
    const charges = { minimum_commitment_months: 3, early_unenrollment_penalty: 40 };
    expect(unenrollTerms(refuses, enrollment, new Date("2026-03-01T00:00:00.000Z"))).toEqual({
      minimum_commitment_months: 3,
      committed_until: "2026-04-30T10:00:00.000Z",
      within_commitment: true,
      allowed: false,
      penalty: 0,
    });
    expect(unenrollTerms(charges, enrollment, new Date("2026-03-01T00:00:00.000Z"))).toMatchObject({ allowed: true, penalty: 40 });
    expect(unenrollTerms(refuses, enrollment, new Date("2026-04-30T10:00:00.000Z"))).toMatchObject({ within_commitment: false, allowed: true, penalty: 0 });
    expect(unenrollTerms({ minimum_commitment_months: 0 }, enrollment, new Date("2026-02-01T00:00:00.000Z"))).toMatchObject({ committed_until: null, allowed: true, penalty: 0 });
  });

  it("leaving is allowed exactly when the commitment is over or has a penalty (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 36 }),
        fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
        fc.integer({ min: 0, max: 1500 }),
        (months, penalty, daysLater) => {
          const created = new Date("2025-05-31T12:00:00.000Z");
          const now = new Date(created.getTime() + daysLater * 86_400_000);
          const terms = unenrollTerms({ minimum_commitment_months: months, early_unenrollment_penalty: penalty }, { created_at: created.toISOString() }, now);
          const until = addMonths(created, months);
          expect(terms.within_commitment).toBe(months > 0 && now < until);
          expect(terms.allowed).toBe(!terms.within_commitment || penalty !== null);
          expect(terms.penalty).toBe(terms.within_commitment && penalty !== null ? penalty : 0);
          // Never earlier than the commitment's length in 28-day months, nor later than 31-day ones.
          expect(until.getTime() - created.getTime()).toBeGreaterThanOrEqual(months * 28 * 86_400_000);
          expect(until.getTime() - created.getTime()).toBeLessThanOrEqual(months * 31 * 86_400_000);
        },
      ),
    );
  });
});

describe("siteTimeZone", () => {
  it("reads a state's zone, whatever its case or spacing; unknown or missing is null", () => {
    expect(siteTimeZone(" nm ")).toBe("America/Denver");
    expect(siteTimeZone("HI")).toBe("Pacific/Honolulu");
    expect(siteTimeZone("ZZ")).toBeNull();
    expect(siteTimeZone(null)).toBeNull();
  });
});

describe("event status", () => {
  it("follows the window unless cancelled, and reads the other sources' spellings", () => {
    const event = { starts_at: "2026-07-14T16:00:00.000Z", ends_at: "2026-07-14T18:00:00.000Z", status: "UPCOMING" as const };
    expect(eventStatusAt(event, new Date("2026-07-14T15:59:59.000Z"))).toBe("UPCOMING");
    expect(eventStatusAt(event, new Date("2026-07-14T16:00:00.000Z"))).toBe("IN_PROGRESS");
    expect(eventStatusAt(event, new Date("2026-07-14T18:00:00.000Z"))).toBe("COMPLETED");
    expect(eventStatusAt({ ...event, status: "CANCELED" }, new Date("2026-07-14T17:00:00.000Z"))).toBe("CANCELED");
    expect(toProgramEventStatus("active")).toBe("IN_PROGRESS");
    expect(toProgramEventStatus("Cancelled")).toBe("CANCELED");
    expect(toProgramEventStatus("SCHEDULED")).toBeNull();
  });
});

describe("sandbox events", () => {
  it("an active enrolment has past, cancelled, in-progress and upcoming events around now, in Flip's shape", async () => {
    const { api, advance } = sandboxAt(SANDBOX_SITES.enrolledActive);
    const { events, site_backup_reserve_percentage } = await api.events.list({});
    expect(site_backup_reserve_percentage).toBe(30);
    expect(events.map((e) => [e.status, e.is_participating])).toEqual([
      ["COMPLETED", false],
      ["COMPLETED", true],
      ["CANCELED", true],
      ["IN_PROGRESS", true],
      ["UPCOMING", true],
      ["UPCOMING", true],
    ]);
    expect(events[3]).toMatchObject({ program_id: SANDBOX_PROGRAM_IDS.batteryPeak, starts_at: "2026-07-14T14:30:00.000Z", ends_at: "2026-07-14T16:30:00.000Z" });
    expect(events[3]?.schedule.map((s) => s.mode)).toEqual(["CHARGE", "DISCHARGE"]);
    expect(events[5]?.device_settings).toEqual([{ device_id: "sbx-dev-battery", backup_reserve_percentage: 40, maximum_charge_percentage: null }]);
    expect((await api.events.list({ status: "UPCOMING" })).events).toHaveLength(2);
    // The clock moves on: the event in progress ends.
    advance(2 * 3_600_000);
    expect((await api.events.list({ status: "IN_PROGRESS" })).events).toEqual([]);
  });

  it("opts out of one event and sets a reserve for another; a finished or cancelled one stays as it was", async () => {
    const { api } = sandboxAt(SANDBOX_SITES.enrolledActive);
    const [done, , canceled, live, next] = (await api.events.list({})).events;
    const optedOut = await api.events.update({ event_id: live!.id, is_participating: false });
    expect(optedOut).toMatchObject({ id: live!.id, status: "IN_PROGRESS", is_participating: false });
    const reserved = await api.events.update({ event_id: next!.id, device_settings: [{ device_id: "sbx-dev-battery", backup_reserve_percentage: 60 }] });
    expect(reserved.device_settings[0]?.backup_reserve_percentage).toBe(60);
    // Repeating a PATCH changes nothing more.
    expect(await api.events.update({ event_id: next!.id, device_settings: [{ device_id: "sbx-dev-battery", backup_reserve_percentage: 60 }] })).toEqual(reserved);
    for (const event of [done!, canceled!]) {
      const error = await rejection(api.events.update({ event_id: event.id, is_participating: false }));
      expect(error).toMatchObject({ code: "conflict", details: { reason: "event_not_changeable", event_status: event.status } });
    }
    expect((await api.events.list({})).events.find((e) => e.id === done!.id)).toEqual(done);
  });

  it("refuses a reserve outside the programme's bounds with the bounds, an unknown device, an unknown event", async () => {
    const { api } = sandboxAt(SANDBOX_SITES.enrolledActive);
    const next = (await api.events.list({ status: "UPCOMING" })).events[0]!;
    const low = await rejection(api.events.update({ event_id: next.id, device_settings: [{ device_id: "sbx-dev-battery", backup_reserve_percentage: 10 }] }));
    expect(low).toMatchObject({ code: "validation", details: { reason: "reserve_below_minimum", minimum_percentage: 20, maximum_percentage: 80 } });
    const high = await rejection(api.events.update({ event_id: next.id, device_settings: [{ device_id: "sbx-dev-battery", backup_reserve_percentage: 81 }] }));
    expect(high.details["reason"]).toBe("reserve_above_maximum");
    const other = await rejection(api.events.update({ event_id: next.id, device_settings: [{ device_id: "sbx-dev-thermostat", backup_reserve_percentage: 30 }] }));
    expect(other.details["reason"]).toBe("device_not_in_event");
    expect((await rejection(api.events.update({ event_id: "sbx-evt-nope", is_participating: false }))).code).toBe("not_found");
    expect((await rejection(api.events.update({ event_id: next.id, device_settings: [{ device_id: "sbx-dev-battery", backup_reserve_percentage: 101 }] }))).code).toBe("validation");
  });

  it("a site with nothing active has no events; a PENDING enrolment becomes ACTIVE on the clock, with its events", async () => {
    expect((await sandboxAt(SANDBOX_SITES.enrolledPending).api.events.list({})).events).toEqual([]);
    expect((await sandboxAt(SANDBOX_SITES.rejected).api.enrollments.list({})).enrollments[0]?.status).toBe("REJECTED");
    const { api, advance } = sandboxAt(SANDBOX_SITES.becomesActive);
    expect((await api.enrollments.list({})).enrollments[0]?.status).toBe("PENDING");
    advance(29_000);
    expect((await api.enrollments.list({})).enrollments[0]?.status).toBe("PENDING");
    advance(1_000);
    expect((await api.enrollments.list({})).enrollments[0]?.status).toBe("ACTIVE");
    expect((await api.events.list({})).events).toHaveLength(6);
  });
});

describe("sandbox unenrolment", () => {
  it("within a commitment that refuses: a typed refusal with the earliest date; nothing changes", async () => {
    const { api } = sandboxAt(SANDBOX_SITES.cannotUnenrollYet);
    const [enrollment] = (await api.enrollments.list({})).enrollments;
    const error = await rejection(api.enrollments.unenroll({ enrollment_id: enrollment!.id }));
    expect(unenrollRefusal(error)).toEqual({ reason: "minimum_commitment", minimum_commitment_months: 3, earliest_unenroll_at: "2026-10-04T15:00:00.000Z", penalty: 0 });
    expect(unenrollRefusal(new Error("boom"))).toBeNull();
    expect((await api.enrollments.list({})).enrollments[0]?.status).toBe("ACTIVE");
    expect(unenrollTerms(programOf(SANDBOX_PROGRAM_IDS.evOffPeak), enrollment!, START)).toMatchObject({ allowed: false });
  });

  it("within a commitment with a penalty: leaves (the terms say what it costs); upcoming events are called off", async () => {
    const { api } = sandboxAt(SANDBOX_SITES.enrolledActive);
    const [enrollment] = (await api.enrollments.list({})).enrollments;
    expect(unenrollTerms(programOf(SANDBOX_PROGRAM_IDS.batteryPeak), enrollment!, START)).toMatchObject({ allowed: true, penalty: 50, within_commitment: true });
    const left = await api.enrollments.unenroll({ enrollment_id: enrollment!.id });
    expect(left.status).toBe("UNENROLLED");
    // A retry answers the same.
    expect(await api.enrollments.unenroll({ enrollment_id: enrollment!.id })).toEqual(left);
    expect((await api.events.list({ status: "UPCOMING" })).events).toEqual([]);
  });

  it("past the commitment leaving is free; a PENDING one is not left but cancelled; unknown → not_found", async () => {
    const free = sandboxAt(SANDBOX_SITES.activePastCommitment).api;
    const [enrollment] = (await free.enrollments.list({})).enrollments;
    expect(unenrollTerms(programOf(SANDBOX_PROGRAM_IDS.batteryPeak), enrollment!, START)).toMatchObject({ allowed: true, penalty: 0, within_commitment: false });
    expect((await free.enrollments.unenroll({ enrollment_id: enrollment!.id })).status).toBe("UNENROLLED");
    const pending = sandboxAt(SANDBOX_SITES.enrolledPending).api;
    const [open] = (await pending.enrollments.list({})).enrollments;
    expect(await rejection(pending.enrollments.unenroll({ enrollment_id: open!.id }))).toMatchObject({ code: "conflict", details: { reason: "not_active", enrollment_status: "PENDING" } });
    expect((await rejection(pending.enrollments.unenroll({ enrollment_id: "sbx-enr-99" }))).code).toBe("not_found");
  });
});

describe("over the REST contract", () => {
  it("lists with the status in the query, PATCHes an event, and the commitment refusal stays typed", async () => {
    const { api: backend } = sandboxAt(SANDBOX_SITES.cannotUnenrollYet);
    const api = overHttp(backend);
    const upcoming = (await api.events.list({ status: "UPCOMING" })).events;
    expect(upcoming).toHaveLength(2);
    const changed = await api.events.update({ event_id: upcoming[0]!.id, is_participating: false });
    expect(changed.is_participating).toBe(false);
    const [enrollment] = (await api.enrollments.list({})).enrollments;
    const error = await rejection(api.enrollments.unenroll({ enrollment_id: enrollment!.id }));
    expect(error.code).toBe("conflict");
    expect(unenrollRefusal(error)).toMatchObject({ reason: "minimum_commitment", earliest_unenroll_at: "2026-10-04T15:00:00.000Z" });
    const bad = await rejection(api.events.update({ event_id: upcoming[0]!.id, device_settings: [{ device_id: "x", backup_reserve_percentage: 250 }] }));
    expect(bad.code).toBe("validation");
  });
});
