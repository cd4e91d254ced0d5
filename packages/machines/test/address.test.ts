import { OnflexError, SANDBOX } from "@onflex/core";
import type { Meter, MeterLookupResult, OnboardingApi } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import { addressFlow, bindFlow, connectAddress } from "../src/index.js";
import type { AddressInput, AddressMachine } from "../src/index.js";
import { countingSandbox, upstream, validManual } from "./fakes.js";

function start(options: { api?: OnboardingApi; machine?: AddressMachine; input?: AddressInput } = {}) {
  const machine = options.machine ?? bindFlow(addressFlow, { api: options.api ?? countingSandbox().api });
  const actor = createActor(machine, { input: options.input ?? {} }).start();
  const view = () => connectAddress(actor.getSnapshot(), actor.send);
  return { actor, view };
}

/** The sandbox-bound address flow with some of its I/O replaced. */
function withActors(actors: Parameters<AddressMachine["provide"]>[0]["actors"]) {
  return bindFlow(addressFlow, { api: countingSandbox().api }).provide({ actors });
}

async function toManualEntry(view: () => ReturnType<typeof connectAddress>, actor: ReturnType<typeof start>["actor"]) {
  view().submitPostcode(SANDBOX.postcodes.noAddresses);
  await waitFor(actor, (s) => s.matches("noResults"));
  view().enterManually();
}

describe("address flow", () => {
  it("refuses an invalid postcode with a reason code and makes no request", () => {
    const { api, calls } = countingSandbox();
    const { view } = start({ api });
    view().submitPostcode("QW1 1AA");
    expect(view().step).toBe("postcode");
    expect(view().postcodeError).toBe("bad_outward_code");
    // The form shows what was submitted, so the user can correct it.
    expect(view().postcodeDraft).toBe("QW1 1AA");
    view().submitPostcode("SW1");
    expect(view().postcodeError).toBe("too_short");
    expect(view().postcodeDraft).toBe("SW1");
    expect(calls["addresses.search"]).toBeUndefined();
  });

  it("takes the postcode with the submit, no keystroke events needed, and clears an earlier refusal", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({ api });
    view().submitPostcode("nope");
    expect(view().postcodeError).toBe("too_short");
    view().submitPostcode("sw1a1aa");
    expect(view().step).toBe("searching");
    expect(view().postcodeError).toBeNull();
    expect(view().postcodeDraft).toBe("sw1a1aa");
    await waitFor(actor, (s) => s.matches("results"));
    expect(calls["addresses.search"]).toBe(1);
  });

  it("submits the prefilled postcode when the submit carries none", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({ api, input: { postcode: "sw1a 1aa" } });
    expect(view().postcodeDraft).toBe("sw1a 1aa");
    view().submitPostcode();
    await waitFor(actor, (s) => s.matches("results"));
    expect(view().postcode).toBe(SANDBOX.postcodes.happy);
    expect(calls["addresses.search"]).toBe(1);
  });

  it("submits the last submitted postcode again when the submit carries none", () => {
    const { api, calls } = countingSandbox();
    const { view } = start({ api });
    view().submitPostcode("QW1 1AA");
    view().submitPostcode();
    expect(view().step).toBe("postcode");
    expect(view().postcodeError).toBe("bad_outward_code");
    expect(view().postcodeDraft).toBe("QW1 1AA");
    expect(calls["addresses.search"]).toBeUndefined();
  });

  it("refuses an empty submit when nothing was prefilled", () => {
    const { view } = start();
    view().submitPostcode();
    expect(view().step).toBe("postcode");
    expect(view().postcodeError).toBe("empty");
  });

  it("normalises the postcode, lists addresses and resolves the single meter", async () => {
    const { actor, view } = start();
    view().submitPostcode("sw1a1aa");
    expect(view().isSearching).toBe(true);
    expect(view().isLoading).toBe(true);
    await waitFor(actor, (s) => s.matches("results"));
    expect(view().postcode).toBe(SANDBOX.postcodes.happy);
    expect(view().addresses.length).toBeGreaterThanOrEqual(3);
    view().selectAddress("not-listed");
    expect(view().step).toBe("results");
    view().selectAddress(view().addresses[0]!.id);
    expect(view().isResolvingMeter).toBe(true);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ isManual: false, meter: { direction: "import" }, address: { postcode: SANDBOX.postcodes.happy } });
  });

  it("asks which meter when the address has an import and an export meter", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.twoMeters);
    await waitFor(actor, (s) => s.matches("results"));
    view().selectAddress(view().addresses[0]!.id);
    await waitFor(actor, (s) => s.matches("chooseMeter"));
    expect(view().meters.map((m) => m.direction).sort()).toEqual(["export", "import"]);
    view().selectMeter("0000000000000");
    expect(view().step).toBe("chooseMeter");
    const exporting = view().meters.find((m) => m.direction === "export")!;
    view().selectMeter(exporting.mpan);
    expect(actor.getSnapshot().output?.meter.mpan).toBe(exporting.mpan);
  });

  it("shows no results, then manual entry; back returns to no results", async () => {
    const { actor, view } = start();
    await toManualEntry(view, actor);
    expect(view().step).toBe("manual");
    expect(view().manualReason).toBe("address_not_listed");
    expect(view().manualDraft.postcode).toBe(SANDBOX.postcodes.noAddresses);
    view().back();
    expect(view().step).toBe("noResults");
  });

  it("retries a failed search with the same postcode", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({ api });
    view().submitPostcode(SANDBOX.postcodes.failsOnce);
    await waitFor(actor, (s) => s.matches("searchFailed"));
    expect(view().error).toMatchObject({ code: "upstream", retryable: true });
    expect(view().canRetry).toBe(true);
    view().retry();
    await waitFor(actor, (s) => s.matches("results"));
    expect(view().postcode).toBe(SANDBOX.postcodes.failsOnce);
    expect(calls["addresses.search"]).toBe(2);
    expect(view().error).toBeNull();
  });

  it("turns a malformed response into an error the user can recover from", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.malformed);
    await waitFor(actor, (s) => s.matches("searchFailed"));
    expect(view().error?.code).toBe("invalid_response");
    view().changePostcode();
    expect(view().step).toBe("postcode");
    expect(view().error).toBeNull();
    expect(view().postcodeDraft).toBe(SANDBOX.postcodes.malformed);
  });

  it("falls back to the MPAN form, prefilled, when the address has no meter", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.meterNotFound);
    await waitFor(actor, (s) => s.matches("results"));
    const first = view().addresses[0]!;
    view().selectAddress(first.id);
    await waitFor(actor, (s) => s.matches("manual"));
    expect(view().manualReason).toBe("meter_not_found");
    expect(view().manualDraft).toMatchObject({ line1: first.line1, town: first.town, postcode: first.postcode, mpan: "" });
    // Only the MPAN is submitted; the prefilled address fields go with it.
    view().submitManual({ mpan: SANDBOX.mpans.domestic });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({
      isManual: true,
      meter: { mpan: SANDBOX.mpans.domestic },
      address: { line1: first.line1, town: first.town, postcode: first.postcode },
    });
  });

  it("gives reason codes for each bad manual field, and a later submit is checked again", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start({ api });
    await toManualEntry(view, actor);
    const typo = SANDBOX.mpans.domestic.slice(0, 12) + String((Number(SANDBOX.mpans.domestic[12]) + 1) % 10);
    view().submitManual({ line1: " ", town: "", postcode: "nope", mpan: typo });
    expect(view().step).toBe("manual");
    expect(view().manualErrors).toEqual({ line1: "required", town: "required", postcode: "too_short", mpan: "bad_check_digit" });
    expect(view().manualDraft).toMatchObject({ line1: " ", postcode: "nope", mpan: typo });
    // A submit with only the corrected MPAN keeps the other fields as last submitted.
    view().submitManual({ mpan: SANDBOX.mpans.domestic });
    expect(view().manualErrors).toEqual({ line1: "required", town: "required", postcode: "too_short" });
    view().submitManual(validManual);
    expect(view().step).toBe("verifyingMpan");
    expect(view().isVerifyingMpan).toBe(true);
    expect(view().manualErrors).toEqual({});
    await waitFor(actor, (s) => s.status === "done");
    expect(calls["meters.byMpan"]).toBe(1);
  });

  it("submits the last submitted manual values again when the submit carries none", async () => {
    const { actor, view } = start();
    await toManualEntry(view, actor);
    view().submitManual({ ...validManual, town: "" });
    expect(view().manualErrors).toEqual({ town: "required" });
    view().submitManual();
    expect(view().step).toBe("manual");
    expect(view().manualErrors).toEqual({ town: "required" });
    view().submitManual({ town: "Leeds" });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output?.address).toEqual({ line1: "2 Typed Road", town: "Leeds", postcode: "LS1 4AP" });
  });

  it("ignores unknown fields and values that are not text in a manual submit", async () => {
    const { actor, view } = start();
    await toManualEntry(view, actor);
    actor.send({ type: "ADDRESS.SUBMIT_MANUAL", values: { ...validManual, town: 42, admin: "yes" } as never });
    expect(view().step).toBe("manual");
    expect(view().manualErrors).toEqual({ town: "required" });
    expect(view().manualDraft).not.toHaveProperty("admin");
  });

  it("accepts a full 21-digit MPAN and verifies its core", async () => {
    const { actor, view } = start();
    await toManualEntry(view, actor);
    view().submitManual({ ...validManual, mpan: `00 801 100 ${SANDBOX.mpans.domestic}` });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output?.meter.mpan).toBe(SANDBOX.mpans.domestic);
    expect(done.output?.address).toEqual({ line1: "2 Typed Road", town: "Leeds", postcode: "LS1 4AP" });
  });

  it("marks an unknown MPAN as not found and stays editable", async () => {
    const { actor, view } = start();
    await toManualEntry(view, actor);
    view().submitManual({ ...validManual, mpan: SANDBOX.mpans.unknown });
    await waitFor(actor, (s) => s.matches("manual") && s.context.manualErrors.mpan !== undefined);
    expect(view().manualErrors.mpan).toBe("not_found");
    expect(view().manualDraft.mpan).toBe(SANDBOX.mpans.unknown);
    expect(view().error).toBeNull();
    view().submitManual({ mpan: SANDBOX.mpans.domestic });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output?.meter.mpan).toBe(SANDBOX.mpans.domestic);
  });

  it("offers retry when verifying the MPAN fails for another reason", async () => {
    let attempts = 0;
    const machine = withActors({
      lookupMeterByMpan: fromPromise(async ({ input }: { input: { mpan: string } }): Promise<Meter> => {
        attempts++;
        if (attempts === 1) throw upstream();
        return { mpan: input.mpan, direction: "import", halfHourlySettled: true, eligibleMarkets: [] };
      }),
    });
    const { actor, view } = start({ machine });
    await toManualEntry(view, actor);
    view().submitManual(validManual);
    await waitFor(actor, (s) => s.matches("verifyFailed"));
    expect(view().error?.code).toBe("upstream");
    expect(view().canRetry).toBe(true);
    view().retry();
    await waitFor(actor, (s) => s.status === "done");
    expect(attempts).toBe(2);
  });

  it("retries resolving the meter, and can go back to the results", async () => {
    let fail = true;
    const machine = withActors({
      resolveMeters: fromPromise(async (): Promise<MeterLookupResult> => {
        if (fail) throw new OnflexError("timeout", "Too slow.");
        return { meters: [] };
      }),
    });
    const { actor, view } = start({ machine });
    view().submitPostcode(SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches("results"));
    view().selectAddress(view().addresses[1]!.id);
    await waitFor(actor, (s) => s.matches("resolveFailed"));
    expect(view().error?.code).toBe("timeout");
    view().back();
    expect(view().step).toBe("results");
    expect(view().error).toBeNull();
    view().selectAddress(view().addresses[1]!.id);
    await waitFor(actor, (s) => s.matches("resolveFailed"));
    fail = false;
    view().retry();
    await waitFor(actor, (s) => s.matches("manual"));
    expect(view().manualReason).toBe("meter_not_found");
  });

  it("after a manual detour, choosing a listed address outputs that address, not the typed one", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches("results"));
    view().enterManually();
    view().submitManual({ ...validManual, mpan: SANDBOX.mpans.unknown });
    await waitFor(actor, (s) => s.matches("manual") && s.context.manualErrors.mpan === "not_found");
    view().back();
    const listed = view().addresses[0]!;
    view().selectAddress(listed.id);
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ isManual: false, address: listed });
  });

  it("exits from any step with no output", () => {
    const { actor, view } = start();
    view().exit();
    expect(actor.getSnapshot().status).toBe("done");
    expect(actor.getSnapshot().value).toBe("exited");
    expect(actor.getSnapshot().output).toBeNull();
  });

  it("exposes data-scope/part/state for the view", () => {
    const { view } = start();
    expect(view().getRootProps()).toEqual({ "data-scope": "address", "data-part": "root", "data-state": "postcode" });
  });

  it("refuses to run unbound, with a message that says how to bind it", async () => {
    const actor = createActor(addressFlow.machine, { input: {} }).start();
    actor.send({ type: "ADDRESS.SUBMIT_POSTCODE", postcode: SANDBOX.postcodes.happy });
    await waitFor(actor, (s) => s.matches("searchFailed"));
    expect(actor.getSnapshot().context.error?.message).toMatch(/bindFlow/);
  });
});
