import * as z from "zod/mini";
import { IsoUtcTimestamp, NonEmptyString } from "./common.js";

/**
 * Tesla's virtual key: before a Tesla accepts commands from the platform (a test charge, smart
 * charging), the owner adds the platform's key to the car in the Tesla app, by opening a link
 * the platform gives (Kraken's `providerVirtualKeyDetails(provider, deviceType)` →
 * `{ virtualKeyName, virtualKeyUri }`; its wizard's `TeslaSetupVirtualKey { key, uri }` step).
 * Opening the link on the phone that has the Tesla app, and approving on the car's screen or
 * with a key card, pairs the key; the platform then sees it among the car's paired keys.
 */

/** Only these providers ask for a virtual key (Kraken answers it for the TESLA provider). */
export const VIRTUAL_KEY_PROVIDERS = ["TESLA"] as const;

export const VirtualKeyDetailsInput = z.object({ deviceId: NonEmptyString });
export type VirtualKeyDetailsInput = z.infer<typeof VirtualKeyDetailsInput>;

/**
 * The key to add: the name the car lists it under (Locks → Keys) and the link that adds it
 * (`https://tesla.com/_ak/<platform domain>` for a real Tesla), opened on the phone with the Tesla app.
 */
export const VirtualKeyDetails = z.object({
  deviceId: NonEmptyString,
  virtualKeyName: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  virtualKeyUri: z.url({ protocol: /^https$/ }).check(z.maxLength(2048)),
});
export type VirtualKeyDetails = z.infer<typeof VirtualKeyDetails>;

export const VirtualKeyStatusInput = z.object({ deviceId: NonEmptyString });
export type VirtualKeyStatusInput = z.infer<typeof VirtualKeyStatusInput>;

/**
 * Whether the platform's key is on the car:
 * - `PAIRED`: it is, since `pairedAt`;
 * - `NOT_PAIRED`: not yet (or it was removed from the car since);
 * - `VEHICLE_OFFLINE`: the car is asleep or out of signal, so its keys cannot be read now.
 * A failing provider is an error (`upstream`, retryable), not a status.
 */
export const VIRTUAL_KEY_STATUSES = ["PAIRED", "NOT_PAIRED", "VEHICLE_OFFLINE"] as const;
export type VirtualKeyStatusName = (typeof VIRTUAL_KEY_STATUSES)[number];

export const VirtualKeyStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("PAIRED"), deviceId: NonEmptyString, pairedAt: IsoUtcTimestamp }),
  z.object({ status: z.literal("NOT_PAIRED"), deviceId: NonEmptyString }),
  z.object({ status: z.literal("VEHICLE_OFFLINE"), deviceId: NonEmptyString }),
]);
export type VirtualKeyStatus = z.infer<typeof VirtualKeyStatus>;
