import * as z from "zod/mini";
import { DeviceProvider, NonEmptyString, IsoUtcTimestamp, RegisteredDevice } from "@onflex/core";
import { defineFlow } from "../journey/journey.define.js";
import { deviceAuthActions, deviceAuthActors, deviceAuthMachine } from "./device-auth.machine.js";
import type { DeviceAuthorisation as DeviceAuthorisationValue } from "./device-auth.types.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /** The device the platform may now control: the user signed in at its maker and allowed access. */
    authorisation: DeviceAuthorisationValue;
  }
}

export const DeviceAuthorisationFact = z.object({
  deviceId: NonEmptyString,
  provider: DeviceProvider,
  authState: z.literal("AUTHENTICATION_COMPLETE"),
  authorisedAt: IsoUtcTimestamp,
});

/**
 * Device authorisation: the user signs in at the registered device's maker (OAuth 2.0 code
 * with PKCE, the exchange on the server) and comes back by a popup, a redirect or the system
 * browser, whichever the host's `openExternal` uses. A provider without an OAuth sign-in
 * (JEDLIX, MYENERGI) is guided: the user connects the device in the maker's app, or types the
 * pairing code it shows, and the flow waits for the device to be authorised. Either way the
 * result is the same `authorisation` fact.
 */
export const deviceAuthFlow = defineFlow({
  id: "deviceAuth",
  // 2: guided authorisation replaced the blocked "notSupported" end.
  version: 2,
  machine: deviceAuthMachine,
  implement: (deps) => ({ actors: deviceAuthActors(deps.api), actions: deviceAuthActions(deps.openExternal) }),
  needs: ["device"],
  gives: { authorisation: DeviceAuthorisationFact },
  input: ({ facts }) => ({ device: RegisteredDevice.parse(facts.device) }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    const { deviceId, provider, authState, authorisedAt } = output.device;
    return { status: "done", facts: { authorisation: { deviceId, provider, authState, authorisedAt } } };
  },
});
