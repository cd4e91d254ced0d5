import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString, RegisteredDevice, VIRTUAL_KEY_PROVIDERS } from "@onflex/core";
import { OnflexError } from "@onflex/core";
import { defineFlow } from "../journey/journey.define.js";
import type { Facts } from "../journey/journey.types.js";
import { virtualKeyActions, virtualKeyActors, virtualKeyMachine } from "./virtual-key.machine.js";
import type { VirtualKeyPairing } from "./virtual-key.types.js";

declare module "../journey/journey.types.js" {
  interface JourneyFacts {
    /** The platform's virtual key is on the car (a Tesla), since `pairedAt`: the car accepts commands. */
    virtualKey: VirtualKeyPairing;
  }
}

export const VirtualKeyFact = z.object({
  deviceId: NonEmptyString,
  virtualKeyName: NonEmptyString,
  pairedAt: IsoUtcTimestamp,
});

const VirtualKeyParams = z.object({
  /** `qr`, `link`, or `auto` (the default: the view decides from the device it runs on). */
  display: z.optional(z.enum(["auto", "qr", "link"])),
});
export type VirtualKeyParams = z.infer<typeof VirtualKeyParams>;

/**
 * The condition a journey places the step with (`{ flow: "virtualKey", when: needsVirtualKey }`):
 * only a device whose provider asks for a virtual key (a Tesla) needs one.
 */
export function needsVirtualKey(facts: Facts): boolean {
  const provider = facts.device?.provider;
  return provider !== undefined && (VIRTUAL_KEY_PROVIDERS as readonly string[]).includes(provider);
}

/**
 * The Tesla virtual key, after device authorisation: the key's link as a QR code to scan with
 * the phone that has the Tesla app (a desktop) or a button that opens it (a phone, a WebView,
 * through the host's `openExternal`), background checks while the user adds it, and "I've added
 * the key" to check at once. A device that needs no key (placed without `needsVirtualKey`) is a
 * `failed` result naming the mistake.
 */
export const virtualKeyFlow = defineFlow({
  id: "virtualKey",
  version: 1,
  machine: virtualKeyMachine,
  implement: (deps) => ({ actors: virtualKeyActors(deps.api), actions: virtualKeyActions(deps.openExternal) }),
  params: VirtualKeyParams,
  needs: ["device"],
  gives: { virtualKey: VirtualKeyFact },
  input: ({ facts, params }) => ({ device: RegisteredDevice.parse(facts.device), display: params.display ?? "auto" }),
  result: (output) => {
    if (!output) return { status: "exited", reason: "user_closed" };
    if (output.outcome === "paired") {
      const { deviceId, virtualKeyName, pairedAt } = output;
      return { status: "done", facts: { virtualKey: { deviceId, virtualKeyName, pairedAt } } };
    }
    const error = new OnflexError("conflict", "This device needs no virtual key: place the virtualKey step with `when: needsVirtualKey`.", {
      retryable: false,
      details: { provider: output.provider },
    });
    return { status: "failed", error: error.toJSON() };
  },
});
