import { SANDBOX, type SandboxApi } from "@onflex/core";
import { useState } from "react";

/** How much faster than a real one the demo's test charge runs (a real one takes about 7 minutes). */
export const DEMO_TEST_CHARGE_SPEED = 20;

/**
 * The device journey's other half, SIMULATED: the owner's Tesla app (which adds the virtual key
 * to the car) and the car's side of the test charge. On a real phone the user scans the QR code
 * and approves the key in the Tesla app; here a button does what the app would
 * (`api.simulation.simulateVirtualKey`). Says on screen that the test charge runs faster than
 * a real one. The same for a maker without a sign-in page (a Renault through Jedlix): its app,
 * simulated (`api.simulation.simulateGuidedAuth`), and the sandbox's fixture pairing codes.
 */
export function SimulatedTeslaApp({ api }: { api: SandboxApi }) {
  const [said, setSaid] = useState<string | null>(null);
  const latest = (teslaOnly: boolean) => api.simulation.registeredDevices().findLast((device) => !teslaOnly || device.provider === "TESLA");
  const act = (outcome: (typeof SANDBOX.virtualKey)[keyof typeof SANDBOX.virtualKey], done: string) => {
    const device = latest(true);
    if (!device) return setSaid("Register a Tesla in the journey first.");
    api.simulation.simulateVirtualKey(device.deviceId, outcome);
    setSaid(done);
  };
  const guided = (outcome: (typeof SANDBOX.guidedAuth.app)[keyof typeof SANDBOX.guidedAuth.app], done: string) => {
    const device = api.simulation.registeredDevices().findLast((candidate) => !candidate.providerUsesOAuth);
    if (!device) return setSaid("Register a Renault (connected through Jedlix) in the journey first.");
    api.simulation.simulateGuidedAuth(device.deviceId, outcome);
    setSaid(done);
  };
  const awayFromHome = () => {
    const device = latest(false);
    if (!device) return setSaid("Register a device in the journey first.");
    api.simulation.simulateTestCharge(device.deviceId, SANDBOX.testCharge.awayFromHome);
    setSaid("The car drove off: its next test charge is refused as away from home.");
  };
  return (
    <aside aria-labelledby="simulated-tesla-heading" className="demo-panel demo-hints">
      <h2 id="simulated-tesla-heading">Simulated car and Tesla app</h2>
      <p>
        The test charge runs <strong>{DEMO_TEST_CHARGE_SPEED} times faster</strong> than a real one: about{" "}
        {Math.round(420 / DEMO_TEST_CHARGE_SPEED)} seconds instead of 7 minutes. The tariff switch step shows because this page says the
        proposition requires one.
      </p>
      <p>For a Tesla, the journey asks you to add a virtual key in the Tesla app. Do it here:</p>
      <div className="demo-actions">
        <button type="button" onClick={() => act(SANDBOX.virtualKey.added, "The Tesla app added the key to the car.")}>
          Add the key in the Tesla app
        </button>
        <button type="button" onClick={() => act(SANDBOX.virtualKey.vehicleOffline, "The car went to sleep.")}>
          Put the car to sleep
        </button>
        <button type="button" onClick={() => act(SANDBOX.virtualKey.vehicleOnline, "The car woke up.")}>
          Wake the car
        </button>
      </div>
      <p>
        A Renault connects through the Jedlix app instead of a sign-in page. Finish there, or type a pairing code: any code like{" "}
        <code>JDLX-7K4P</code> pairs, <code>{SANDBOX.guidedAuth.codes.wrong}</code> is wrong, <code>{SANDBOX.guidedAuth.codes.expired}</code> has
        expired, and <code>{SANDBOX.guidedAuth.codes.makerFailing}</code> makes Jedlix report a failure.
      </p>
      <div className="demo-actions">
        <button type="button" onClick={() => guided(SANDBOX.guidedAuth.app.approve, "The Jedlix app connected the car.")}>
          Finish in the Jedlix app
        </button>
        <button type="button" onClick={() => guided(SANDBOX.guidedAuth.app.fail, "Jedlix reported that connecting the car failed.")}>
          Make Jedlix report a failure
        </button>
      </div>
      <p>The next test charge can be refused, once, as Kraken refuses a car that is not at home:</p>
      <div className="demo-actions">
        <button type="button" onClick={awayFromHome}>
          Drive the car away from home
        </button>
      </div>
      <p role="status">{said}</p>
    </aside>
  );
}
