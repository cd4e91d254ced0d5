import { OnflexError } from "../errors.js";
import type { RegisteredDevice, VirtualKeyDetails, VirtualKeyDetailsInput, VirtualKeyStatus, VirtualKeyStatusInput } from "../schemas/index.js";
import { VIRTUAL_KEY_PROVIDERS } from "../schemas/virtual-key.js";
import { SANDBOX } from "./sandbox.fixtures.js";

/**
 * A SIMULATED Tesla, as far as its virtual key goes, in memory. Nothing here talks to Tesla:
 * the car's keys, its being asleep and the provider failing are set by
 * `simulateVirtualKey(deviceId, outcome)` for the outcome a test or the demo names
 * (`SANDBOX.virtualKey.*`), at once or later on the sandbox's clock. Every car starts online,
 * without the platform's key.
 */

export type SandboxVirtualKeyOutcome = (typeof SANDBOX.virtualKey)[keyof typeof SANDBOX.virtualKey];

/** The key's name in the car's key list, and the SIMULATED add-key link (a real one is `https://tesla.com/_ak/<platform domain>`). */
export const SANDBOX_VIRTUAL_KEY = {
  name: "Onflex Sandbox (simulated)",
  uri: "https://tesla.sandbox.onflex.invalid/_ak/platform.sandbox.onflex.invalid",
} as const;

interface Car {
  pairedAt: string | null;
  offline: boolean;
  failing: boolean;
  /** Outcomes that take effect when the clock reaches `at`, in the order they were simulated. */
  scheduled: { at: number; outcome: SandboxVirtualKeyOutcome }[];
}

export interface VirtualKeySimulation {
  details(input: VirtualKeyDetailsInput): VirtualKeyDetails;
  status(input: VirtualKeyStatusInput): VirtualKeyStatus;
  /**
   * Something happens at the simulated car or at Tesla: the owner adds the key (or removes it),
   * the car falls asleep or wakes, the provider fails or recovers. With `afterMs` it happens
   * that long after now on the sandbox's clock, as when a user takes a while in the Tesla app.
   */
  simulateVirtualKey(deviceId: string, outcome: SandboxVirtualKeyOutcome, options?: { afterMs?: number }): void;
}

export function createVirtualKeySimulation(deps: {
  clock: () => Date;
  deviceById: (deviceId: string) => RegisteredDevice | undefined;
  /** The owner adds the key by themselves this long after its link is first shown (a server's sandbox, where no test drives the car). */
  addsKeyAfterMs?: number | undefined;
}): VirtualKeySimulation {
  const cars = new Map<string, Car>();
  const shown = new Set<string>();

  function carOf(deviceId: string): Car {
    let car = cars.get(deviceId);
    if (!car) {
      car = { pairedAt: null, offline: false, failing: false, scheduled: [] };
      cars.set(deviceId, car);
    }
    return car;
  }

  function apply(car: Car, outcome: SandboxVirtualKeyOutcome, at: number) {
    switch (outcome) {
      case SANDBOX.virtualKey.added:
        car.pairedAt ??= new Date(at).toISOString();
        break;
      case SANDBOX.virtualKey.notAdded:
      case SANDBOX.virtualKey.removed:
        car.pairedAt = null;
        break;
      case SANDBOX.virtualKey.vehicleOffline:
        car.offline = true;
        break;
      case SANDBOX.virtualKey.vehicleOnline:
        car.offline = false;
        break;
      case SANDBOX.virtualKey.providerFailing:
        car.failing = true;
        break;
      case SANDBOX.virtualKey.providerRecovered:
        car.failing = false;
        break;
    }
  }

  /** The car as it stands now: every outcome whose time has come is applied first. */
  function teslaFor(deviceId: string): Car {
    const device = deps.deviceById(deviceId);
    if (!device) throw new OnflexError("not_found", "There is no such device in the sandbox.", { retryable: false });
    if (!(VIRTUAL_KEY_PROVIDERS as readonly string[]).includes(device.provider)) {
      throw new OnflexError("conflict", "This device's provider needs no virtual key.", { retryable: false, details: { provider: device.provider } });
    }
    const car = carOf(deviceId);
    const now = deps.clock().getTime();
    const due = car.scheduled.filter((event) => event.at <= now);
    car.scheduled = car.scheduled.filter((event) => event.at > now);
    for (const event of due) apply(car, event.outcome, event.at);
    if (car.failing) throw new OnflexError("upstream", "Tesla's service is unavailable (simulated failure); try again.", { retryable: true, details: { provider: device.provider } });
    return car;
  }

  return {
    details({ deviceId }) {
      teslaFor(deviceId);
      if (deps.addsKeyAfterMs !== undefined && !shown.has(deviceId)) {
        shown.add(deviceId);
        carOf(deviceId).scheduled.push({ at: deps.clock().getTime() + Math.max(0, deps.addsKeyAfterMs), outcome: SANDBOX.virtualKey.added });
      }
      return { deviceId, virtualKeyName: SANDBOX_VIRTUAL_KEY.name, virtualKeyUri: SANDBOX_VIRTUAL_KEY.uri };
    },
    status({ deviceId }) {
      const car = teslaFor(deviceId);
      if (car.offline) return { status: "VEHICLE_OFFLINE", deviceId };
      return car.pairedAt ? { status: "PAIRED", deviceId, pairedAt: car.pairedAt } : { status: "NOT_PAIRED", deviceId };
    },
    simulateVirtualKey(deviceId, outcome, options = {}) {
      if (!deps.deviceById(deviceId)) throw new OnflexError("not_found", "There is no such device in the sandbox.", { retryable: false });
      const now = deps.clock().getTime();
      const afterMs = Math.max(0, options.afterMs ?? 0);
      const car = carOf(deviceId);
      if (afterMs === 0) apply(car, outcome, now);
      else car.scheduled.push({ at: now + afterMs, outcome });
    },
  };
}
