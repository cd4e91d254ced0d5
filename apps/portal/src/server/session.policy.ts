import { OnflexError, type OnboardingApi } from "@onflex/core";
import type { PortalSession } from "./portal.store.js";

/**
 * The rules a portal session holds its domain to, whatever backend serves it. The page
 * holds its session id, so anything it sends can be forged by the person using it:
 *
 * - Eligibility is checked with the session's charger model (from the signed link, or the
 *   site's default), never with one the request names: a request naming another model is
 *   refused rather than quietly answered for a device the household does not have.
 * - A consent is recorded only for a programme the home is eligible for, checked again here
 *   at the moment of recording (as a platform's onboard call refuses an ineligible site), so
 *   skipping the check in the page, or replaying an old answer, cannot enrol anyone.
 */
export function withSessionPolicy(api: OnboardingApi, session: Pick<PortalSession, "assetModel">): OnboardingApi {
  const checkAsSession = (mpan: string, signal?: AbortSignal) =>
    api.eligibility.check({ mpan, ...(session.assetModel === null ? {} : { assetModel: session.assetModel }) }, signal ? { signal } : {});

  return {
    ...api,
    eligibility: {
      check: async (input, options) => {
        if (input.assetModel !== undefined && input.assetModel !== session.assetModel) {
          throw new OnflexError("validation", "The charger model is set by the app that opened this page and can't be changed here.", {
            retryable: false,
            details: { issues: [{ path: ["assetModel"], message: "Does not match the charger model this session was opened for." }] },
          });
        }
        return checkAsSession(input.mpan, options?.signal);
      },
    },
    consents: {
      ...api.consents,
      record: async (input, options) => {
        const result = await checkAsSession(input.mpan, options?.signal);
        const verdict = result.propositions.find((item) => item.proposition === input.proposition);
        if (!verdict?.isEligible) {
          throw new OnflexError("conflict", "This home isn't eligible for that programme, so the agreement can't be recorded.", {
            retryable: false,
            details: { proposition: input.proposition, issues: verdict?.issues ?? [] },
          });
        }
        return api.consents.record(input, options);
      },
    },
  };
}
