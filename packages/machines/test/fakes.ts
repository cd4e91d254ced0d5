import { createSandboxApi, OnflexError, SANDBOX } from "@onflex/core";
import type { Address, ConsentRecord, EligibilityResult, Meter, OnboardingApi, Terms } from "@onflex/core";

export const fixedNow = () => new Date("2026-11-21T09:30:00.000Z");

export const sampleAddress: Address = { id: "addr-1", line1: "1 Sandbox Street", town: "London", postcode: "SW1A 1AA" };
export const importMeter: Meter = { mpan: SANDBOX.mpans.domestic, direction: "import", halfHourlySettled: true, eligibleMarkets: ["flex"] };
export const exportMeter: Meter = { mpan: SANDBOX.mpans.export, direction: "export", halfHourlySettled: true, eligibleMarkets: [] };

export const validManual = { line1: "2 Typed Road", line2: "", town: "Leeds", postcode: "ls1 4ap", mpan: SANDBOX.mpans.domestic };

export function eligibilityResult(proposition: string, isEligible: boolean): EligibilityResult {
  return {
    mpan: importMeter.mpan,
    isHalfHourlySettled: true,
    propositions: [
      { proposition, isEligible, issues: isEligible ? [] : [{ code: "asset_model_not_cop11_qualified" }] },
    ],
    checkedAt: fixedNow().toISOString(),
  };
}

export const sampleTerms: Terms = { proposition: "limited_pause", version: SANDBOX.terms.limited_pause, title: "Flex Lite", body: "Terms." };

export const sampleConsent: ConsentRecord = {
  id: "consent-1",
  mpan: importMeter.mpan,
  proposition: "limited_pause",
  termsVersion: SANDBOX.terms.limited_pause,
  givenAt: fixedNow().toISOString(),
  recordedAt: fixedNow().toISOString(),
};

export const upstream = () => new OnflexError("upstream", "The data provider failed.", { retryable: true });
export const notFound = () => new OnflexError("not_found", "No meter has that MPAN.");

/**
 * The simulated sandbox, with calls counted per operation so tests can see what was asked.
 * `failures["eligibility.check"] = 2` makes the next two calls of that operation reject with
 * a retryable upstream error (they are counted too); `lostAnswers[...]` does the same after
 * the sandbox has done the work, as when a response is lost on the way back. Groups the
 * flows do not call (the wizard, and any the port gains later) pass through.
 */
export function countingSandbox(options: Parameters<typeof createSandboxApi>[0] = {}) {
  const api = createSandboxApi(options);
  const calls: Record<string, number> = {};
  const failures: Record<string, number> = {};
  const lostAnswers: Record<string, number> = {};
  const take = (budget: Record<string, number>, name: string) => {
    if ((budget[name] ?? 0) <= 0) return false;
    budget[name] = (budget[name] ?? 0) - 1;
    return true;
  };
  const count = async <T>(name: string, run: () => Promise<T>) => {
    calls[name] = (calls[name] ?? 0) + 1;
    if (take(failures, name)) throw upstream();
    const answer = await run();
    if (take(lostAnswers, name)) throw upstream();
    return answer;
  };
  const counted: OnboardingApi = {
    ...api,
    addresses: { search: (input, o) => count("addresses.search", () => api.addresses.search(input, o)) },
    meters: {
      byAddress: (input, o) => count("meters.byAddress", () => api.meters.byAddress(input, o)),
      byMpan: (input, o) => count("meters.byMpan", () => api.meters.byMpan(input, o)),
    },
    eligibility: { check: (input, o) => count("eligibility.check", () => api.eligibility.check(input, o)) },
    consents: {
      terms: (input, o) => count("consents.terms", () => api.consents.terms(input, o)),
      record: (input, o) => count("consents.record", () => api.consents.record(input, o)),
    },
  };
  return { api: counted, calls, failures, lostAnswers, simulation: api.simulation };
}
