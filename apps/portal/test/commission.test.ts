import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toEnrollmentStatus, type MissingForEnrollment } from "../src/server/programs.types.js";
import { SANDBOX_PROGRAM_IDS, SANDBOX_PROGRAMS, SANDBOX_ZIP_CODES } from "../src/server/sandbox-programs.js";
import { SANDBOX_DEMO_API_KEY, SANDBOX_V1_API_KEY, SANDBOX_V1_SITE_ID } from "../src/server/sandbox-sites.js";
import { startTestPortal, type TestPortal } from "./portal.fixture.js";

// Flip's POST /v1/commission: a host's backend creates or updates a household site and its
// devices with its API key, learns which programmes each device may join, and auto-enrols
// them when the homeowner agreed to the current terms. Refusals write nothing.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.dispose());

const BATTERY_TERMS = SANDBOX_PROGRAMS.find((p) => p.program.id === SANDBOX_PROGRAM_IDS.batteryPeak)?.program.terms_and_conditions_version ?? "";
const EV_TERMS = SANDBOX_PROGRAMS.find((p) => p.program.id === SANDBOX_PROGRAM_IDS.evOffPeak)?.program.terms_and_conditions_version ?? "";

const fullSite = (id: string, zip: string = SANDBOX_ZIP_CODES.batteryAndThermostat) => ({
  id,
  first_name: "Ada",
  last_name: "Okafor",
  email: "ada@example.com",
  state_code: "NM",
  city: "Roswell",
  zip_code: zip,
  street_address: "12 Mesa Road",
});

const battery = (id = "bat-1") => ({
  id,
  manufacturer_name: "Voltra",
  product_name: "HomeCell 10",
  serial_number: `SN-${id}`,
  type: "BATTERY",
  attributes: { battery_capacity_wh: 10_000 },
  install_date: "2026-02-01",
});
const thermostat = (id = "thermo-1") => ({ id, type: "THERMOSTAT", manufacturer_name: "Nest", product_name: "Learning", serial_number: `SN-${id}` });
const charger = (id = "evc-1") => ({ id, type: "EV_CHARGER", manufacturer_name: "myenergi", product_name: "zappi v2", serial_number: `SN-${id}` });

const agreed = (overrides: Record<string, unknown> = {}) => ({
  has_agreed_to_terms_and_conditions: true,
  terms_and_conditions_version: BATTERY_TERMS,
  program_specific_attributes: [{ name: "utility_account_number", value: "1234567890" }],
  ...overrides,
});

function commission(body: unknown, apiKey: string = SANDBOX_DEMO_API_KEY, init: { contentType?: string; raw?: string } = {}) {
  return fetch(`${portal.url}/v1/commission`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": init.contentType ?? "application/json" },
    body: init.raw ?? JSON.stringify(body),
  });
}

async function rows(siteId: string) {
  const db = portal.server.db;
  const count = async (sql: string) => Number((await db.query<{ n: number }>(sql, [siteId])).rows[0]?.n ?? 0);
  return {
    sites: await count("SELECT count(*)::int AS n FROM sites WHERE id = $1"),
    devices: await count("SELECT count(*)::int AS n FROM devices WHERE site_id = $1"),
    enrollments: await count("SELECT count(*)::int AS n FROM enrollments WHERE site_id = $1"),
    enrolledDevices: await count("SELECT count(*)::int AS n FROM enrollment_devices WHERE site_id = $1"),
  };
}

async function allRows() {
  const one = async (sql: string) => Number((await portal.server.db.query<{ n: number }>(sql)).rows[0]?.n ?? 0);
  return {
    sites: await one("SELECT count(*)::int AS n FROM sites"),
    devices: await one("SELECT count(*)::int AS n FROM devices"),
    enrollments: await one("SELECT count(*)::int AS n FROM enrollments"),
    enrolledDevices: await one("SELECT count(*)::int AS n FROM enrollment_devices"),
  };
}

const NOTHING_MISSING: MissingForEnrollment = {
  missing_site_attributes: [],
  missing_program_specific_attributes: [],
  missing_has_agreed_to_terms_and_conditions: false,
  missing_terms_and_conditions_version: false,
  incorrect_terms_and_conditions_version: false,
};

describe("POST /v1/commission", () => {
  it("creates the household site under the calling host, with its devices, and says what each may join", async () => {
    const site = fullSite("cm-create");
    expect(await rows(site.id)).toEqual({ sites: 0, devices: 0, enrollments: 0, enrolledDevices: 0 });
    const response = await commission({ site, devices: [battery(), thermostat()] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { site_id: string; devices: unknown[]; programs: Array<{ id: string }>; enrollment: unknown };
    expect(body.site_id).toBe(site.id);
    expect(body.devices).toEqual([
      { id: "bat-1", type: "BATTERY", eligible_program_ids: [SANDBOX_PROGRAM_IDS.batteryPeak] },
      { id: "thermo-1", type: "THERMOSTAT", eligible_program_ids: [SANDBOX_PROGRAM_IDS.thermostatSummer] },
    ]);
    expect(body.programs.map((p) => p.id)).toEqual([SANDBOX_PROGRAM_IDS.batteryPeak, SANDBOX_PROGRAM_IDS.thermostatSummer]);
    expect(body.programs[0]).toEqual(SANDBOX_PROGRAMS[0]?.program);
    expect(body.enrollment).toBeNull();

    expect((await portal.server.store.getSite(site.id))?.host.id).toBe("host_voltra");
    expect(await rows(site.id)).toEqual({ sites: 1, devices: 2, enrollments: 0, enrolledDevices: 0 });
    const stored = await portal.server.db.query("SELECT zip_code, email, commissioned_at IS NOT NULL AS commissioned FROM sites WHERE id = $1", [site.id]);
    expect(stored.rows).toEqual([{ zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat, email: "ada@example.com", commissioned: true }]);
    const device = await portal.server.db.query("SELECT type, attributes, serial_number FROM devices WHERE site_id = $1 AND id = 'bat-1'", [site.id]);
    expect(device.rows).toEqual([{ type: "BATTERY", attributes: { battery_capacity_wh: 10_000 }, serial_number: "SN-bat-1" }]);
    // The host's key then mints site tokens for it as for any of its households.
    expect(await portal.siteToken(site.id)).toMatch(/^ost/);
  });

  it("accepts a site with no fields but its id (they are collected later)", async () => {
    const response = await commission({ site: { id: "cm-bare" }, devices: [battery()] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { devices: Array<{ eligible_program_ids: string[] }>; programs: unknown[] };
    expect(body.devices[0]?.eligible_program_ids).toEqual([]);
    expect(body.programs).toEqual([]);
    expect(await rows("cm-bare")).toMatchObject({ sites: 1, devices: 1 });
  });

  it("is idempotent: the same request again makes no duplicates and answers the same", async () => {
    const body = { site: fullSite("cm-repeat"), devices: [battery(), thermostat()], enrollment: agreed() };
    const first = await commission(body);
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    const after = await rows("cm-repeat");
    expect(after).toEqual({ sites: 1, devices: 2, enrollments: 1, enrolledDevices: 1 });
    portal.advance(60_000);
    const second = await commission(body);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(firstBody);
    expect(await rows("cm-repeat")).toEqual(after);
  });

  it("updates what changed: site fields sent replace, fields left out stay, devices are updated in place", async () => {
    const id = "cm-update";
    expect((await commission({ site: fullSite(id), devices: [battery()] })).status).toBe(200);
    const changed = { ...battery(), product_name: "HomeCell 13", attributes: { battery_capacity_wh: 13_500 } };
    expect((await commission({ site: { id, city: "Artesia", email: null }, devices: [changed, charger()] })).status).toBe(200);
    const site = await portal.server.db.query("SELECT city, email, first_name FROM sites WHERE id = $1", [id]);
    expect(site.rows).toEqual([{ city: "Artesia", email: null, first_name: "Ada" }]);
    const devices = await portal.server.db.query("SELECT id, product_name, attributes FROM devices WHERE site_id = $1 ORDER BY id", [id]);
    expect(devices.rows).toEqual([
      { id: "bat-1", product_name: "HomeCell 13", attributes: { battery_capacity_wh: 13_500 } },
      { id: "evc-1", product_name: "zappi v2", attributes: {} },
    ]);
  });

  it("refuses another host's household site with 401, as the site-token endpoint does, and writes nothing", async () => {
    const id = "cm-owned-by-voltra";
    expect((await commission({ site: fullSite(id), devices: [battery()] })).status).toBe(200);
    const before = await allRows();
    const stolen = await commission({ site: { ...fullSite(id), email: "mallory@example.com" }, devices: [battery("bat-evil")] }, SANDBOX_V1_API_KEY);
    expect(stolen.status).toBe(401);
    expect(((await stolen.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    // And the other way round: the Voltra key cannot commission the v1 host's household.
    expect((await commission({ site: { id: SANDBOX_V1_SITE_ID }, devices: [] })).status).toBe(401);
    expect(await allRows()).toEqual(before);
    const site = await portal.server.db.query("SELECT host_id, email FROM sites WHERE id = $1", [id]);
    expect(site.rows).toEqual([{ host_id: "host_voltra", email: "ada@example.com" }]);
  });

  it("refuses a missing or wrong API key with 401", async () => {
    const before = await allRows();
    expect((await commission({ site: fullSite("cm-nokey"), devices: [] }, "not-a-key")).status).toBe(401);
    const anonymous = await fetch(`${portal.url}/v1/commission`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(anonymous.status).toBe(401);
    expect(await allRows()).toEqual(before);
  });

  it("offers nothing at 88803", async () => {
    const response = await commission({ site: fullSite("cm-88803", SANDBOX_ZIP_CODES.none), devices: [battery(), thermostat(), charger()], enrollment: agreed() });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { devices: Array<{ eligible_program_ids: string[] }>; programs: unknown[]; enrollment: unknown };
    expect(body.devices.map((d) => d.eligible_program_ids)).toEqual([[], [], []]);
    expect(body.programs).toEqual([]);
    expect(body.enrollment).toBeNull();
    expect(await rows("cm-88803")).toEqual({ sites: 1, devices: 3, enrollments: 0, enrolledDevices: 0 });
  });

  it("offers 88802's programmes by device type", async () => {
    const response = await commission({ site: fullSite("cm-88802", SANDBOX_ZIP_CODES.batteryAndEv), devices: [charger(), thermostat()] });
    const body = (await response.json()) as { devices: Array<{ eligible_program_ids: string[] }> };
    expect(body.devices.map((d) => d.eligible_program_ids)).toEqual([[SANDBOX_PROGRAM_IDS.evOffPeak], []]);
  });
});

describe("auto-enrolment", () => {
  it("creates one PENDING enrolment when the programme allows it and the homeowner agreed to the current terms", async () => {
    const id = "cm-enrol";
    const response = await commission({ site: fullSite(id), devices: [battery(), thermostat()], enrollment: agreed() });
    expect(response.status).toBe(200);
    const { enrollment } = (await response.json()) as { enrollment: Record<string, unknown> };
    expect(enrollment).toMatchObject({
      site_id: id,
      program_id: SANDBOX_PROGRAM_IDS.batteryPeak,
      device_ids: ["bat-1"],
      status: "PENDING",
      enroll_method: "AUTO_ENROLL",
      has_agreed_to_terms_and_conditions: true,
      terms_and_conditions_version: BATTERY_TERMS,
      program_specific_attributes: [{ name: "utility_account_number", value: "1234567890" }],
    });
    expect(enrollment.id).toMatch(/^enr_/);
    // Once: a second and a third commissioning find the same enrolment.
    for (let i = 0; i < 2; i++) {
      const again = (await (await commission({ site: fullSite(id), devices: [battery(), thermostat()], enrollment: agreed() })).json()) as { enrollment: { id: string } };
      expect(again.enrollment.id).toBe(enrollment.id);
    }
    const stored = await portal.server.db.query("SELECT status, program_id FROM enrollments WHERE site_id = $1", [id]);
    expect(stored.rows).toEqual([{ status: "PENDING", program_id: SANDBOX_PROGRAM_IDS.batteryPeak }]);
  });

  it("adds a battery commissioned later to the open enrolment, without asking for the agreement again", async () => {
    const id = "cm-enrol-later";
    const first = (await (await commission({ site: fullSite(id), devices: [battery("bat-a")], enrollment: agreed() })).json()) as { enrollment: { id: string } };
    const second = await commission({ site: { id }, devices: [battery("bat-b")], enrollment: { terms_and_conditions_version: "1999-01" } });
    expect(second.status).toBe(200);
    const body = (await second.json()) as { enrollment: { id: string; device_ids: string[] } };
    expect(body.enrollment).toMatchObject({ id: first.enrollment.id, device_ids: ["bat-a", "bat-b"] });
    expect(await rows(id)).toEqual({ sites: 1, devices: 2, enrollments: 1, enrolledDevices: 2 });
  });

  it("enrols nobody when the host does not send the agreement", async () => {
    const response = await commission({ site: fullSite("cm-no-agreement"), devices: [battery()] });
    expect(((await response.json()) as { enrollment: unknown }).enrollment).toBeNull();
    expect(await rows("cm-no-agreement")).toMatchObject({ enrollments: 0 });
  });

  it("needs the programme named when several could auto-enrol (400), and enrols the named one", async () => {
    const id = "cm-two-auto";
    const devices = [battery(), charger()];
    const site = fullSite(id, SANDBOX_ZIP_CODES.batteryAndEv);
    const ambiguous = await commission({ site, devices, enrollment: agreed() });
    expect(ambiguous.status).toBe(400);
    expect(await ambiguous.json()).toMatchObject({
      error: { code: "validation", details: { reason: "program_id_required", program_ids: [SANDBOX_PROGRAM_IDS.batteryPeak, SANDBOX_PROGRAM_IDS.evOffPeak] } },
    });
    expect(await rows(id)).toEqual({ sites: 0, devices: 0, enrollments: 0, enrolledDevices: 0 });
    const named = await commission({
      site,
      devices,
      enrollment: {
        program_id: SANDBOX_PROGRAM_IDS.evOffPeak,
        has_agreed_to_terms_and_conditions: true,
        terms_and_conditions_version: EV_TERMS,
        program_specific_attributes: [
          { name: "has_solar", value: false },
          { name: "daily_miles", value: 32 },
        ],
      },
    });
    expect(named.status).toBe(200);
    expect(((await named.json()) as { enrollment: unknown }).enrollment).toMatchObject({ program_id: SANDBOX_PROGRAM_IDS.evOffPeak, device_ids: ["evc-1"], status: "PENDING" });
  });

  it("refuses a named programme it cannot enrol into with 409 and a reason, writing nothing", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ program_id: SANDBOX_PROGRAM_IDS.evOffPeak }, "program_not_offered"],
      [{ program_id: "prg_unknown" }, "program_not_offered"],
      [{ program_id: SANDBOX_PROGRAM_IDS.thermostatSummer }, "program_not_auto_enrollable"],
    ];
    for (const [enrollment, reason] of cases) {
      const response = await commission({ site: fullSite("cm-409"), devices: [battery(), thermostat()], enrollment: agreed(enrollment) });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ error: { code: "conflict", details: { reason } } });
    }
    const noDevice = await commission({ site: fullSite("cm-409"), devices: [thermostat()], enrollment: agreed({ program_id: SANDBOX_PROGRAM_IDS.batteryPeak }) });
    expect(await noDevice.json()).toMatchObject({ error: { details: { reason: "no_eligible_device" } } });
    expect(await rows("cm-409")).toEqual({ sites: 0, devices: 0, enrollments: 0, enrolledDevices: 0 });
  });
});

describe("422: what the enrolment still needs, in Flip's shape, with nothing written", () => {
  async function expect422(id: string, body: Record<string, unknown>, missing: Partial<MissingForEnrollment>) {
    const before = await allRows();
    const response = await commission(body);
    expect(response.status).toBe(422);
    // The exact shape: every key, always.
    expect(await response.json()).toEqual({ enrollment: { ...NOTHING_MISSING, ...missing } });
    expect(await rows(id)).toEqual({ sites: 0, devices: 0, enrollments: 0, enrolledDevices: 0 });
    expect(await allRows()).toEqual(before);
  }

  it("names the site attributes the programme needs", async () => {
    const id = "cm-422-site";
    await expect422(id, { site: { id, zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat, first_name: "Ada" }, devices: [battery()], enrollment: agreed() }, {
      missing_site_attributes: ["last_name", "email", "street_address", "city", "state_code"],
    });
    // Without a zip code no programme can be chosen: the zip code is what is missing.
    await expect422(id, { site: { id }, devices: [battery()], enrollment: agreed() }, { missing_site_attributes: ["zip_code"] });
  });

  it("counts site fields stored by an earlier commissioning", async () => {
    const id = "cm-422-stored";
    expect((await commission({ site: fullSite(id), devices: [] })).status).toBe(200);
    const response = await commission({ site: { id }, devices: [battery()], enrollment: agreed() });
    expect(response.status).toBe(200);
  });

  it("names each programme-specific answer that is missing or wrong, with label, type, hint and error", async () => {
    const id = "cm-422-form";
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ program_specific_attributes: [] }) }, {
      missing_program_specific_attributes: [
        { name: "utility_account_number", label: "Utility account number", type: "string", hint: "The 10-digit number on your electricity bill.", error: "is required" },
      ],
    });
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ program_specific_attributes: [{ name: "utility_account_number", value: "12-34" }] }) }, {
      missing_program_specific_attributes: [
        { name: "utility_account_number", label: "Utility account number", type: "string", hint: "The 10-digit number on your electricity bill.", error: "must be 10 digits" },
      ],
    });
    const ev = { program_id: SANDBOX_PROGRAM_IDS.evOffPeak, terms_and_conditions_version: EV_TERMS, program_specific_attributes: [{ name: "has_solar", value: "yes" }, { name: "daily_miles", value: -3 }] };
    await expect422(id, { site: fullSite(id, SANDBOX_ZIP_CODES.batteryAndEv), devices: [charger()], enrollment: agreed(ev) }, {
      missing_program_specific_attributes: [
        { name: "has_solar", label: "Do you have solar panels?", type: "boolean", hint: "Answer yes if panels on your home feed your supply.", error: "must be true or false" },
        { name: "daily_miles", label: "Daily driving distance (miles)", type: "number", hint: "A rough average is fine.", error: "must be between 0 and 1000" },
      ],
    });
  });

  it("says when the homeowner has not agreed to the terms", async () => {
    const id = "cm-422-agree";
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ has_agreed_to_terms_and_conditions: false }) }, { missing_has_agreed_to_terms_and_conditions: true });
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ has_agreed_to_terms_and_conditions: undefined }) }, { missing_has_agreed_to_terms_and_conditions: true });
  });

  it("says when the terms version is missing", async () => {
    const id = "cm-422-version";
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ terms_and_conditions_version: undefined }) }, { missing_terms_and_conditions_version: true });
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ terms_and_conditions_version: "  " }) }, { missing_terms_and_conditions_version: true });
  });

  it("says when the terms version is not the current one", async () => {
    const id = "cm-422-outdated";
    await expect422(id, { site: fullSite(id), devices: [battery()], enrollment: agreed({ terms_and_conditions_version: "2025-01" }) }, { incorrect_terms_and_conditions_version: true });
  });

  it("lists everything at once, so one round trip collects it all", async () => {
    const id = "cm-422-all";
    await expect422(id, { site: { id, zip_code: SANDBOX_ZIP_CODES.batteryAndThermostat }, devices: [battery()], enrollment: {} }, {
      missing_site_attributes: ["first_name", "last_name", "email", "street_address", "city", "state_code"],
      missing_program_specific_attributes: [
        { name: "utility_account_number", label: "Utility account number", type: "string", hint: "The 10-digit number on your electricity bill.", error: "is required" },
      ],
      missing_has_agreed_to_terms_and_conditions: true,
      missing_terms_and_conditions_version: true,
    });
  });
});

describe("bodies that are not a commission request: 4xx with a reason, nothing written", () => {
  const cases: Array<[string, { body?: unknown; raw?: string; contentType?: string }, number, string]> = [
    ["not JSON", { raw: "{not json" }, 400, "malformed_json"],
    ["empty", { raw: "" }, 400, "malformed_json"],
    ["not JSON by its type", { raw: "{}", contentType: "text/plain" }, 415, "not_json"],
    ["an array", { body: [] }, 400, "invalid_commission"],
    ["no site", { body: { devices: [] } }, 400, "invalid_commission"],
    ["a site id that cannot be one", { body: { site: { id: "../x" }, devices: [] } }, 400, "invalid_commission"],
    ["devices not a list", { body: { site: { id: "cm-bad" }, devices: {} } }, 400, "invalid_commission"],
    ["a device of an unknown type", { body: { site: { id: "cm-bad" }, devices: [{ id: "d", type: "TOASTER" }] } }, 400, "invalid_commission"],
    ["a device named twice", { body: { site: { id: "cm-bad" }, devices: [battery(), battery()] } }, 400, "invalid_commission"],
    ["a number for a name", { body: { site: { id: "cm-bad", first_name: 42 }, devices: [] } }, 400, "invalid_commission"],
    ["a zip code that is not one", { body: { site: { id: "cm-bad", zip_code: "8880" }, devices: [] } }, 400, "invalid_commission"],
    ["a negative battery capacity", { body: { site: { id: "cm-bad" }, devices: [{ ...battery(), attributes: { battery_capacity_wh: -1 } }] } }, 400, "invalid_commission"],
    ["a date that does not exist", { body: { site: { id: "cm-bad" }, devices: [{ ...battery(), install_date: "2026-02-30" }] } }, 400, "invalid_commission"],
    ["agreement as a string", { body: { site: { id: "cm-bad" }, devices: [], enrollment: { has_agreed_to_terms_and_conditions: "yes" } } }, 400, "invalid_commission"],
    ["a control character", { body: { site: { id: "cm-bad", city: "Ros\u0007well" }, devices: [] } }, 400, "invalid_commission"],
    ["NUL", { raw: '{"site":{"id":"cm-bad","city":"a\\u0000b"},"devices":[]}' }, 400, "nul_character"],
    ["a lone surrogate", { raw: '{"site":{"id":"cm-bad","city":"a\\ud800"},"devices":[]}' }, 400, "lone_surrogate"],
    ["nesting too deep", { raw: `{"site":{"id":"cm-bad"},"devices":[],"x":${"[".repeat(100)}${"]".repeat(100)}}` }, 400, "json_too_deep"],
    ["too large", { raw: JSON.stringify({ site: { id: "cm-bad" }, devices: [], pad: "x".repeat(70 * 1024) }) }, 413, "body_too_large"],
    ["too many devices", { body: { site: { id: "cm-bad" }, devices: Array.from({ length: 51 }, (_, i) => battery(`b${i}`)) } }, 400, "invalid_commission"],
  ];

  for (const [name, input, status, reason] of cases) {
    it(`${name} → ${status} ${reason}`, async () => {
      const before = await allRows();
      const response = await commission(input.body, SANDBOX_DEMO_API_KEY, { ...(input.raw === undefined ? {} : { raw: input.raw }), ...(input.contentType ? { contentType: input.contentType } : {}) });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code: "validation", details: { reason } } });
      expect(await allRows()).toEqual(before);
    });
  }

  it("names each wrong field", async () => {
    const response = await commission({ site: { id: "cm-bad", email: "nope", state_code: "New Mexico" }, devices: [{ id: "d1", type: "TOASTER" }] });
    const body = (await response.json()) as { error: { details: { issues: Array<{ path: string }> } } };
    expect(body.error.details.issues.map((i) => i.path)).toEqual(["site.email", "site.state_code", "devices[0].type"]);
  });

  it("keeps names such as __proto__ and constructor as plain data", async () => {
    const raw = '{"site":{"id":"cm-proto","__proto__":{"zip_code":"88801"}},"devices":[{"id":"d1","type":"BATTERY","attributes":{"constructor":"x","__proto__":1}}]}';
    const response = await commission(undefined, SANDBOX_DEMO_API_KEY, { raw });
    expect(response.status).toBe(400);
    const ok = await commission(undefined, SANDBOX_DEMO_API_KEY, { raw: '{"site":{"id":"cm-proto","__proto__":{"zip_code":"88801"}},"devices":[{"id":"d1","type":"BATTERY","attributes":{"constructor":"x"}}]}' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { programs: unknown[] }).programs).toEqual([]);
    const stored = await portal.server.db.query("SELECT attributes FROM devices WHERE site_id = 'cm-proto'");
    expect(stored.rows).toEqual([{ attributes: { constructor: "x" } }]);
  });
});

describe("limits and logs", () => {
  it("limits commissionings per host key with 429 and Retry-After, and wrong keys per client", async () => {
    const limited = await startTestPortal({ rateLimits: { commissionsPerKey: { burst: 2, perSecond: 0.5 }, authFailuresPerClient: { burst: 2, perSecond: 0.1 } } });
    try {
      const send = (apiKey: string) =>
        fetch(`${limited.url}/v1/commission`, {
          method: "POST",
          headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
          body: JSON.stringify({ site: { id: `cm-limit-${apiKey}` }, devices: [] }),
        });
      expect((await send(SANDBOX_DEMO_API_KEY)).status).toBe(200);
      expect((await send(SANDBOX_DEMO_API_KEY)).status).toBe(200);
      const refused = await send(SANDBOX_DEMO_API_KEY);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
      // Another host's key has its own budget.
      expect((await send(SANDBOX_V1_API_KEY)).status).toBe(200);

      expect((await send("wrong-1")).status).toBe(401);
      expect((await send("wrong-2")).status).toBe(401);
      const locked = await send(SANDBOX_V1_API_KEY);
      expect(locked.status).toBe(429);
      expect(locked.headers.get("retry-after")).not.toBeNull();
    } finally {
      await limited.dispose();
    }
  });

  it("logs one line per request with the route pattern, never the body or anything naming the household", async () => {
    const from = portal.logs.length;
    const site = { ...fullSite("cm-logged-household"), email: "log-probe@example.com", street_address: "99 Probe Lane" };
    await commission({ site, devices: [battery("bat-log-probe")], enrollment: agreed({ terms_and_conditions_version: "2020-01" }) });
    await commission({ site, devices: [battery("bat-log-probe")], enrollment: agreed() });
    await commission(undefined, SANDBOX_DEMO_API_KEY, { raw: "{broken" });
    const lines = portal.logs.slice(from);
    expect(lines.filter((l) => l.kind === "request").map((l) => (l.kind === "request" ? [l.route, l.status] : null))).toEqual([
      ["/v1/commission", 422],
      ["/v1/commission", 200],
      ["/v1/commission", 400],
    ]);
    const text = JSON.stringify(lines);
    for (const secret of ["cm-logged-household", "log-probe", "Probe Lane", "bat-log-probe", "88801", "1234567890", "Okafor", SANDBOX_DEMO_API_KEY]) expect(text).not.toContain(secret);
  });
});

describe("enrolment status model", () => {
  it("reads every source's spelling in one model", () => {
    expect(["PENDING", "NEEDS_ACTION", "ACTIVE", "REJECTED", "UNENROLLED"].map(toEnrollmentStatus)).toEqual(["PENDING", "NEEDS_ACTION", "ACTIVE", "REJECTED", "UNENROLLED"]);
    expect(["APPROVED", "CREATED", "SUBMITTED", "PAUSED", "approved"].map(toEnrollmentStatus)).toEqual(["ACTIVE", "PENDING", "PENDING", "ACTIVE", "ACTIVE"]);
    expect(["", "constructor", "__proto__", "DONE"].map(toEnrollmentStatus)).toEqual([null, null, null, null]);
  });

  it("is the only set of statuses storage accepts", async () => {
    await expect(
      portal.server.db.query("INSERT INTO enrollments (id, site_id, program_id, status, enroll_method, has_agreed_to_terms_and_conditions, terms_and_conditions_version) VALUES ('enr_x', 'cm-create', $1, 'APPROVED', 'AUTO_ENROLL', true, 'v')", [SANDBOX_PROGRAM_IDS.batteryPeak]),
    ).rejects.toThrow();
  });
});
