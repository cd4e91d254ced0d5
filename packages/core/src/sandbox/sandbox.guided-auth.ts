import { OnflexError } from "../errors.js";
import type {
  AuthorisedDevice,
  DeviceAuthCodeInput,
  DeviceAuthGuide,
  DeviceAuthGuideInput,
  DeviceAuthGuidedStatusInput,
  DeviceProvider,
  GuidedAuthResult,
  RegisteredDevice,
} from "../schemas/index.js";
import { SANDBOX } from "./sandbox.fixtures.js";

/**
 * A SIMULATED maker's app for providers without an OAuth sign-in (JEDLIX, MYENERGI), in
 * memory. Nothing here talks to a maker: the user's part in the app is
 * `simulateGuidedAuth(deviceId, outcome)` (`SANDBOX.guidedAuth.app.*`), or the sandbox's
 * `guidedAuthorisedAfterMs` option on a server where nothing plays the app; pairing codes
 * answer per `SANDBOX.guidedAuth.codes`. Like the real thing, a device stays
 * AUTHENTICATION_PENDING until the app says otherwise, and a failure the maker reported stays
 * until the user starts again.
 */

export type SandboxGuidedAppOutcome = (typeof SANDBOX.guidedAuth.app)[keyof typeof SANDBOX.guidedAuth.app];

/** The SIMULATED makers' apps by provider, each a universal link that a phone opens in the app and a computer on the maker's page. */
const APPS: ReadonlyMap<DeviceProvider, { name: string; uri: string }> = new Map([
  ["JEDLIX", { name: "Jedlix (simulated)", uri: "https://jedlix.sandbox.onflex.invalid/app/connect" }],
  ["MYENERGI", { name: "myenergi (simulated)", uri: "https://myenergi.sandbox.onflex.invalid/app/connect" }],
]);
const OTHER_APP = { name: "The maker's app (simulated)", uri: "https://maker.sandbox.onflex.invalid/app/connect" };

/** A pairing code is valid for ten minutes after the app shows it. */
const CODE_VALID_FOR_MINUTES = 10;

interface Pairing {
  authorisedAt: string | null;
  failed: boolean;
  /** Outcomes that take effect when the clock reaches `at`. */
  scheduled: { at: number; outcome: SandboxGuidedAppOutcome }[];
  /** Codes already answered, so the same code again answers the same. */
  answered: Map<string, GuidedAuthResult>;
}

export interface GuidedAuthSimulation {
  guide(input: DeviceAuthGuideInput): DeviceAuthGuide;
  submitCode(input: DeviceAuthCodeInput): GuidedAuthResult;
  status(input: DeviceAuthGuidedStatusInput): GuidedAuthResult;
  /** The user in the SIMULATED maker's app finishes (or the maker fails), at once or `afterMs` later on the sandbox's clock. */
  simulateGuidedAuth(deviceId: string, outcome: SandboxGuidedAppOutcome, options?: { afterMs?: number }): void;
}

export function createGuidedAuthSimulation(deps: {
  clock: () => Date;
  deviceById: (deviceId: string) => RegisteredDevice | undefined;
  /** The user finishes in the app by themselves this long after the guide is first shown (a server's sandbox). */
  authorisedAfterMs?: number | undefined;
}): GuidedAuthSimulation {
  const pairings = new Map<string, Pairing>();
  const shown = new Set<string>();

  function apply(pairing: Pairing, outcome: SandboxGuidedAppOutcome, at: number) {
    if (outcome === SANDBOX.guidedAuth.app.approve) {
      pairing.failed = false;
      pairing.authorisedAt ??= new Date(at).toISOString();
    } else if (pairing.authorisedAt === null) {
      pairing.failed = true;
    }
  }

  /** The device and its pairing as they stand now: every outcome whose time has come is applied first. */
  function pairingFor(deviceId: string): { device: RegisteredDevice; pairing: Pairing } {
    const device = deps.deviceById(deviceId);
    if (!device) throw new OnflexError("not_found", "There is no such device in the sandbox.", { retryable: false });
    if (device.providerUsesOAuth) {
      throw new OnflexError("conflict", "This device's provider signs in by OAuth; start a sign-in instead.", { retryable: false, details: { provider: device.provider } });
    }
    let pairing = pairings.get(deviceId);
    if (!pairing) {
      pairing = { authorisedAt: null, failed: false, scheduled: [], answered: new Map() };
      pairings.set(deviceId, pairing);
    }
    const now = deps.clock().getTime();
    const due = pairing.scheduled.filter((event) => event.at <= now);
    pairing.scheduled = pairing.scheduled.filter((event) => event.at > now);
    for (const event of due) apply(pairing, event.outcome, event.at);
    return { device, pairing };
  }

  function result(device: RegisteredDevice, pairing: Pairing): GuidedAuthResult {
    if (pairing.authorisedAt) {
      const authorised: AuthorisedDevice = { ...device, authState: "AUTHENTICATION_COMPLETE", authorisedAt: pairing.authorisedAt };
      return { status: "complete", deviceId: device.deviceId, device: authorised };
    }
    if (pairing.failed) return { status: "failed", deviceId: device.deviceId, reason: "maker_failed" };
    return { status: "pending", deviceId: device.deviceId };
  }

  return {
    guide({ deviceId }) {
      const { device, pairing } = pairingFor(deviceId);
      // A new attempt: a failure the maker reported before is behind the user now.
      pairing.failed = false;
      pairing.answered.clear();
      if (deps.authorisedAfterMs !== undefined && !shown.has(deviceId)) {
        shown.add(deviceId);
        pairing.scheduled.push({ at: deps.clock().getTime() + Math.max(0, deps.authorisedAfterMs), outcome: SANDBOX.guidedAuth.app.approve });
      }
      const app = APPS.get(device.provider) ?? OTHER_APP;
      return {
        deviceId,
        provider: device.provider,
        ways: [
          { type: "UserActionRequired", action: "open_app", appName: app.name, appUri: app.uri, steps: ["install_app", "sign_in", "add_device", "allow_access"] },
          { type: "UserInputRequired", input: "pairing_code", appName: app.name, steps: ["sign_in", "add_device", "show_pairing_code"], codeValidForMinutes: CODE_VALID_FOR_MINUTES },
        ],
      };
    },
    submitCode({ deviceId, code }) {
      const { device, pairing } = pairingFor(deviceId);
      const recorded = pairing.answered.get(code);
      // A wrong or expired code stays so; for any other the pairing's state now is the answer.
      if (recorded) return recorded.status === "failed" && recorded.reason !== "maker_failed" ? recorded : result(device, pairing);
      let answer: GuidedAuthResult;
      if (pairing.authorisedAt) answer = result(device, pairing);
      else if (code === SANDBOX.guidedAuth.codes.wrong) answer = { status: "failed", deviceId, reason: "code_wrong" };
      else if (code === SANDBOX.guidedAuth.codes.expired) answer = { status: "failed", deviceId, reason: "code_expired" };
      else if (code === SANDBOX.guidedAuth.codes.makerFailing) {
        // The maker takes the code, then reports the device failed: the next status check says so.
        pairing.scheduled.push({ at: deps.clock().getTime(), outcome: SANDBOX.guidedAuth.app.fail });
        answer = { status: "pending", deviceId };
      } else {
        apply(pairing, SANDBOX.guidedAuth.app.approve, deps.clock().getTime());
        answer = result(device, pairing);
      }
      pairing.answered.set(code, answer);
      return answer;
    },
    status({ deviceId }) {
      const { device, pairing } = pairingFor(deviceId);
      return result(device, pairing);
    },
    simulateGuidedAuth(deviceId, outcome, options = {}) {
      const { pairing } = pairingFor(deviceId);
      const now = deps.clock().getTime();
      const afterMs = Math.max(0, options.afterMs ?? 0);
      if (afterMs === 0) apply(pairing, outcome, now);
      else pairing.scheduled.push({ at: now + afterMs, outcome });
    },
  };
}
