import { createSandboxApi, SANDBOX, type OnboardingApi, type OperationId, type SandboxTestChargeOutcome } from "@onflex/core";
import { bindFlow, testChargeFlow } from "@onflex/machines";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useEffect, useState } from "react";
import { expect, userEvent, within } from "storybook/test";
import { createActor } from "xstate";
import { TestChargeStep } from "./test-charge-step.js";
import type { TestChargeActorRef } from "./test-charge.types.js";

const NOW = Date.parse("2026-11-21T09:30:00.000Z");
const MINUTE = 60_000;

interface ExampleProps {
  /** What the SIMULATED platform does with the next test charge (`SANDBOX.testCharge.*`); it passes otherwise. */
  outcome?: SandboxTestChargeOutcome;
  /** A test started this long before the step opens (ms): running, passed or failed by now. */
  startedAgo?: number;
  /** The car (reports its battery's charge) or a charger (does not). */
  device?: "car" | "charger";
  /** Operations that never answer: the step waits on them. */
  hold?: readonly OperationId[];
  /** Operations that fail once (upstream, retryable). */
  failOnce?: readonly OperationId[];
}

/**
 * The step on a sandbox of its own, on a clock the example sets: the device is registered, and
 * for the later states a test is started "earlier" and the clock moved on, so the step opens on
 * a running, passed or failed test exactly as after a reload. Nothing charges: the platform and
 * its test charge are SIMULATED.
 */
// One empty list, so a story without one does not make the example start over on each render.
const NONE: readonly OperationId[] = [];

function TestChargeExample({ outcome, startedAgo, device = "car", hold = NONE, failOnce = NONE }: ExampleProps) {
  const [actor, setActor] = useState<TestChargeActorRef | null>(null);
  useEffect(() => {
    let now = NOW;
    const clock = () => new Date(now);
    const sandbox = createSandboxApi({ clock, failOnce });
    let live = true;
    let created: TestChargeActorRef | null = null;
    void (async () => {
      const pick = device === "car" ? SANDBOX.devices.carPreferred.vehicle : SANDBOX.devices.chargerOnly.charger;
      const registered = await sandbox.devices.register({
        mpan: SANDBOX.mpans.domestic,
        deviceType: device === "car" ? "ELECTRIC_VEHICLES" : "CHARGE_POINTS",
        make: pick.make,
        model: pick.model,
        provider: device === "car" ? "TESLA" : "MYENERGI",
      });
      if (outcome) sandbox.simulation.simulateTestCharge(registered.deviceId, outcome);
      if (startedAgo !== undefined) {
        await sandbox.testCharge.start({ deviceId: registered.deviceId, preconditions: { pluggedInAtHome: true, batteryNotFull: true, agreedToCharge: true } });
        now += startedAgo;
      }
      if (!live) return;
      const held = new Set<string>(hold);
      const waiting = () => new Promise<never>(() => {});
      const api: OnboardingApi = {
        ...sandbox,
        devices: { ...sandbox.devices, status: (input, o) => (held.has("devices.status") ? waiting() : sandbox.devices.status(input, o)) },
        testCharge: {
          start: (input, o) => (held.has("testCharge.start") ? waiting() : sandbox.testCharge.start(input, o)),
          get: (input, o) => sandbox.testCharge.get(input, o),
        },
      };
      created = createActor(bindFlow(testChargeFlow, { api, clock }), { input: { device: registered } }).start();
      setActor(created);
    })();
    return () => {
      live = false;
      created?.stop();
    };
  }, [outcome, startedAgo, device, hold, failOnce]);
  return actor ? <TestChargeStep actor={actor} /> : null;
}

const meta = {
  title: "Flows/Test charge",
  component: TestChargeExample,
} satisfies Meta<ExampleProps>;
export default meta;
type Story = StoryObj<typeof meta>;

const LABELS = {
  pluggedInAtHome: "My car is plugged in at home",
  batteryNotFull: "The battery isn't full",
  agreedToCharge: "I'm happy for it to charge for about 7 minutes now",
} as const;

/** Ticks the boxes named (all by default) and starts the test. */
async function start(canvasElement: HTMLElement, tick: readonly (keyof typeof LABELS)[] = ["pluggedInAtHome", "batteryNotFull", "agreedToCharge"]) {
  const canvas = within(canvasElement);
  await canvas.findByRole("checkbox", { name: LABELS.pluggedInAtHome });
  for (const name of tick) await userEvent.click(canvas.getByRole("checkbox", { name: LABELS[name] }));
  await userEvent.click(canvas.getByRole("button", { name: "Start the test charge" }));
  return canvas;
}

export const Checking: Story = {
  args: { hold: ["devices.status"] },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Checking your Tesla Model 3…");
  },
};

export const Preconditions: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Check we can charge your Tesla Model 3" });
    for (const label of Object.values(LABELS)) await expect(canvas.getByRole("checkbox", { name: label })).not.toBeChecked();
  },
};

/** Starting with one box left unticked: that box says what to do, and nothing starts. */
function missing(name: keyof typeof LABELS, message: string): Story {
  return {
    play: async ({ canvasElement }) => {
      const others = (Object.keys(LABELS) as (keyof typeof LABELS)[]).filter((other) => other !== name);
      const canvas = await start(canvasElement, others);
      await expect(await canvas.findByText(message)).toBeVisible();
      await expect(canvas.getByRole("checkbox", { name: LABELS[name] })).toHaveFocus();
    },
  };
}

export const NotPluggedIn = missing("pluggedInAtHome", "Plug your car in at home, then tick this.");
export const BatteryFull = missing("batteryNotFull", "The test needs room in the battery: if it's full, drive a little first, then tick this.");
export const ChargeNotAgreed = missing("agreedToCharge", "Tick this to agree to the test charge.");

export const Starting: Story = {
  args: { hold: ["testCharge.start"] },
  play: async ({ canvasElement }) => {
    await start(canvasElement);
    await expect(await within(canvasElement).findByRole("status")).toHaveTextContent("Starting the test charge…");
  },
};

export const Running: Story = {
  args: { startedAgo: 4 * MINUTE },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Test charge in progress" });
    await expect(canvas.getByRole("progressbar", { name: "Test charge progress" })).toHaveAttribute("aria-valuetext", "About 3 minutes left");
    await expect(canvas.getByText("Charging at")).toBeVisible();
    await expect(canvas.getByText("Battery")).toBeVisible();
  },
};

export const RunningLastMinute: Story = {
  args: { startedAgo: 6.5 * MINUTE },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Test charge in progress" });
    await expect(canvas.getByRole("progressbar", { name: "Test charge progress" })).toHaveAttribute("aria-valuetext", "About 1 minute left");
  },
};

export const RunningBeforeTheFirstReading: Story = {
  args: { startedAgo: 10_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Test charge in progress" });
    await expect(canvas.getByText("Waiting for the first reading from your Tesla Model 3…")).toBeVisible();
  },
};

export const RunningOnACharger: Story = {
  args: { startedAgo: 2 * MINUTE, device: "charger" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText("Charging at");
    // A charger can't see the battery: no state of charge.
    await expect(canvas.queryByText("Battery")).toBeNull();
  },
};

export const AlmostLive: Story = {
  args: { startedAgo: 7.25 * MINUTE },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "Test passed: almost there" });
    await expect(canvas.getByRole("button", { name: "Continue" })).toBeEnabled();
  },
};

export const Live: Story = {
  args: { startedAgo: 9 * MINUTE },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("heading", { name: "Your Tesla Model 3 is ready" });
  },
};

export const LoadFailed: Story = {
  args: { failOnce: ["devices.status"] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't check your Tesla Model 3" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

export const StartFailed: Story = {
  args: { failOnce: ["testCharge.start"] },
  play: async ({ canvasElement }) => {
    const canvas = await start(canvasElement);
    await canvas.findByRole("heading", { name: "We couldn't start the test charge" });
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};

/** Refused before it started: the reason's remedy, Try again and a way out. */
function refused(outcome: SandboxTestChargeOutcome, heading: string, remedy: RegExp): Story {
  return {
    args: { outcome },
    play: async ({ canvasElement }) => {
      const canvas = await start(canvasElement);
      await canvas.findByRole("heading", { name: heading });
      await expect(canvas.getByText(remedy)).toBeVisible();
      await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
      await expect(canvas.getByRole("button", { name: "Leave sign-up" })).toBeVisible();
    },
  };
}

export const RefusedAwayFromHome = refused(SANDBOX.testCharge.awayFromHome, "Your car isn't at home", /Plug your car in at home/);
export const RefusedNoLocationConfigured = refused(SANDBOX.testCharge.noLocationConfigured, "Your home's location isn't set", /Save your home as a location/);
export const RefusedLocationUnknown = refused(SANDBOX.testCharge.locationUnableToIdentify, "We can't tell where your car is", /Turn on location sharing/);
export const RefusedLocationMissing = refused(SANDBOX.testCharge.locationMissing, "Your car didn't share its location", /so it reports where it is/);
export const RefusedDisconnected = refused(SANDBOX.testCharge.deviceDisconnected, "We can't reach your Tesla Model 3", /has mobile signal/);
export const RefusedAlreadyCharging = refused(SANDBOX.testCharge.alreadyCharging, "Your Tesla Model 3 is already charging", /Stop the charge/);
export const RefusedSuspended = refused(SANDBOX.testCharge.suspended, "Smart charging is paused for your Tesla Model 3", /Contact your energy supplier/);
export const RefusedRetired = refused(SANDBOX.testCharge.retired, "Your Tesla Model 3 has been removed", /add it again as a new device/);
export const RefusedStillConnecting = refused(SANDBOX.testCharge.onboardingInProgress, "We're still connecting your Tesla Model 3", /Wait a couple of minutes/);
export const RefusedVehicleNotReady: Story = {
  args: { outcome: SANDBOX.testCharge.vehicleNotReady },
  play: async ({ canvasElement }) => {
    const canvas = await start(canvasElement);
    await canvas.findByRole("heading", { name: "Your car isn't ready to charge" });
    await expect(canvas.getByText(/Wake it by opening its app/)).toBeVisible();
    // Kraken's error code, for the user to quote to support.
    await expect(canvas.getByText("Reference: KT-CT-4379")).toBeVisible();
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
  },
};
export const RefusedUnableToStart = refused(SANDBOX.testCharge.unableToInitiate, "Your car didn't start charging", /Unplug the cable and plug it back in/);

/** Failed after it started (the step opens on the finished test): why, the remedy, Try again. */
function failed(outcome: SandboxTestChargeOutcome, heading: string, remedy: RegExp): Story {
  return {
    args: { outcome, startedAgo: 7.5 * MINUTE },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      await canvas.findByRole("heading", { name: heading });
      await expect(canvas.getByText(remedy)).toBeVisible();
      await expect(canvas.getByRole("button", { name: "Try again" })).toBeVisible();
    },
  };
}

export const FailedNotAtHome = failed(SANDBOX.testCharge.notAtHome, "The test stopped: your car left home", /Keep your car plugged in at home/);
export const FailedLostContact = failed(SANDBOX.testCharge.unableToCommunicate, "We lost contact with your car", /mobile signal/);
export const FailedUnplugged = failed(SANDBOX.testCharge.disconnected, "Your car was unplugged", /Keep the cable plugged in/);
export const FailedChargeLimit = failed(SANDBOX.testCharge.chargeLimitReached, "Your car stopped at its charge limit", /Raise the charge limit/);
export const FailedAssessments = failed(SANDBOX.testCharge.assessmentsFailed, "The test didn't show we can control your car", /charging schedule or eco mode/);
export const FailedUnknown = failed(SANDBOX.testCharge.unknown, "The test didn't finish", /contact your energy supplier/);
