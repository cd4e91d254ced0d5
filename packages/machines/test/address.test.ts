import { OnflexError, SANDBOX } from "@onflex/core";
import type { MeterLookupResult } from "@onflex/core";
import { describe, expect, it } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import { addressMachine, connectAddress } from "../src/index.js";
import { countingSandbox, upstream, validManual } from "./fakes.js";

function start(api = countingSandbox().api, machine = addressMachine) {
  const actor = createActor(machine, { input: { api } }).start();
  const view = () => connectAddress(actor.getSnapshot(), actor.send);
  return { actor, view };
}

describe("address machine", () => {
  it("refuses an invalid postcode with a reason code and makes no request", () => {
    const { api, calls } = countingSandbox();
    const { view } = start(api);
    view().changePostcodeDraft("QW1 1AA");
    view().submitPostcode();
    expect(view().step).toBe("postcode");
    expect(view().postcodeError).toBe("bad_outward_code");
    expect(calls["addresses.search"]).toBeUndefined();
    view().changePostcodeDraft("QW1 1A");
    expect(view().postcodeError).toBeNull();
  });

  it("normalises the postcode, lists addresses and resolves the single meter", async () => {
    const { actor, view } = start();
    view().submitPostcode("sw1a1aa");
    expect(view().isSearching).toBe(true);
    await waitFor(actor, (s) => s.matches("results"));
    expect(view().postcode).toBe(SANDBOX.postcodes.happy);
    expect(view().addresses.length).toBeGreaterThanOrEqual(3);
    view().selectAddress("not-listed");
    expect(view().step).toBe("results");
    view().selectAddress(view().addresses[0]!.id);
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
    const exporting = view().meters.find((m) => m.direction === "export")!;
    view().selectMeter(exporting.mpan);
    expect(actor.getSnapshot().output?.meter.mpan).toBe(exporting.mpan);
  });

  it("shows no results, then manual entry; back returns to no results", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.noAddresses);
    await waitFor(actor, (s) => s.matches("noResults"));
    view().enterManually();
    expect(view().step).toBe("manual");
    expect(view().manualReason).toBe("address_not_listed");
    expect(view().manualDraft.postcode).toBe(SANDBOX.postcodes.noAddresses);
    view().back();
    expect(view().step).toBe("noResults");
  });

  it("retries a failed search with the same postcode", async () => {
    const { api, calls } = countingSandbox();
    const { actor, view } = start(api);
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
    view().submitManual({ mpan: SANDBOX.mpans.domestic });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output).toMatchObject({ isManual: true, meter: { mpan: SANDBOX.mpans.domestic } });
  });

  it("gives reason codes for each bad manual field and keeps the form editable", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.noAddresses);
    await waitFor(actor, (s) => s.matches("noResults"));
    view().enterManually();
    const typo = SANDBOX.mpans.domestic.slice(0, 12) + String((Number(SANDBOX.mpans.domestic[12]) + 1) % 10);
    view().submitManual({ line1: " ", town: "", postcode: "nope", mpan: typo });
    expect(view().step).toBe("manual");
    expect(view().manualErrors).toEqual({ line1: "required", town: "required", postcode: "too_short", mpan: "bad_check_digit" });
    view().changeManualDraft({ mpan: SANDBOX.mpans.domestic });
    expect(view().manualErrors.mpan).toBeUndefined();
    expect(view().manualErrors.town).toBe("required");
  });

  it("accepts a full 21-digit MPAN and verifies its core", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.noAddresses);
    await waitFor(actor, (s) => s.matches("noResults"));
    view().enterManually();
    view().submitManual({ ...validManual, mpan: `00 801 100 ${SANDBOX.mpans.domestic}` });
    const done = await waitFor(actor, (s) => s.status === "done");
    expect(done.output?.meter.mpan).toBe(SANDBOX.mpans.domestic);
    expect(done.output?.address).toEqual({ line1: "2 Typed Road", town: "Leeds", postcode: "LS1 4AP" });
  });

  it("marks an unknown MPAN as not found and stays editable", async () => {
    const { actor, view } = start();
    view().submitPostcode(SANDBOX.postcodes.noAddresses);
    await waitFor(actor, (s) => s.matches("noResults"));
    view().enterManually();
    view().submitManual({ ...validManual, mpan: SANDBOX.mpans.unknown });
    await waitFor(actor, (s) => s.matches("manual") && s.context.manualErrors.mpan !== undefined);
    expect(view().manualErrors.mpan).toBe("not_found");
    expect(view().manualDraft.mpan).toBe(SANDBOX.mpans.unknown);
  });

  it("offers retry when verifying the MPAN fails for another reason", async () => {
    let attempts = 0;
    const machine = addressMachine.provide({
      actors: {
        lookupMeterByMpan: fromPromise(async ({ input }) => {
          attempts++;
          if (attempts === 1) throw upstream();
          return { mpan: input.mpan, direction: "import" as const, halfHourlySettled: true, eligibleMarkets: [] };
        }),
      },
    });
    const { actor, view } = start(undefined, machine);
    view().submitPostcode(SANDBOX.postcodes.noAddresses);
    await waitFor(actor, (s) => s.matches("noResults"));
    view().enterManually();
    view().submitManual(validManual);
    await waitFor(actor, (s) => s.matches("verifyFailed"));
    expect(view().error?.code).toBe("upstream");
    view().retry();
    await waitFor(actor, (s) => s.status === "done");
    expect(attempts).toBe(2);
  });

  it("retries resolving the meter, and can go back to the results", async () => {
    let fail = true;
    const machine = addressMachine.provide({
      actors: {
        resolveMeters: fromPromise(async (): Promise<MeterLookupResult> => {
          if (fail) throw new OnflexError("timeout", "Too slow.");
          return { meters: [] };
        }),
      },
    });
    const { actor, view } = start(undefined, machine);
    view().submitPostcode(SANDBOX.postcodes.happy);
    await waitFor(actor, (s) => s.matches("results"));
    view().selectAddress(view().addresses[1]!.id);
    await waitFor(actor, (s) => s.matches("resolveFailed"));
    expect(view().error?.code).toBe("timeout");
    view().back();
    expect(view().step).toBe("results");
    view().selectAddress(view().addresses[1]!.id);
    await waitFor(actor, (s) => s.matches("resolveFailed"));
    fail = false;
    view().retry();
    await waitFor(actor, (s) => s.matches("manual"));
    expect(view().manualReason).toBe("meter_not_found");
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
});
