import type { UnsupportedDevice } from "@onflex/machines";
import type { I18n } from "../i18n/i18n.types.js";
import { useI18n } from "../provider/onflex.context.js";

/** Why no device can be connected, in the user's words, and what they can do about it. */
export function unsupportedMessage(i18n: I18n, unsupported: UnsupportedDevice): string {
  const notListed = i18n.t("device.unsupported.notListed");
  // The device type goes as its code, a select value: each language words it with its article.
  return i18n.t(`device.unsupported.${unsupported.case}`, {
    vehicle: unsupported.vehicle ?? notListed,
    charger: unsupported.charger ?? notListed,
    deviceType: unsupported.deviceType ?? "other",
  });
}

export function UnsupportedDeviceDetails({ unsupported }: { unsupported: UnsupportedDevice }) {
  const i18n = useI18n();
  return (
    <div className="onflex-stack" data-scope="deviceSelection" data-part="unsupported" data-case={unsupported.case}>
      <p>{unsupportedMessage(i18n, unsupported)}</p>
      <p>{i18n.t("device.unsupported.whatNext")}</p>
    </div>
  );
}

const CASES = new Set(["unsupported_combination", "device_type_unavailable", "no_device_types"]);

/** A blocked outcome's details as the flow gave them; anything unexpected reads as "no device types". */
export function unsupportedFromDetails(details: Record<string, unknown>): UnsupportedDevice {
  const string = (value: unknown) => (typeof value === "string" ? value : null);
  const kind = string(details["case"]);
  return {
    case: kind && CASES.has(kind) ? (kind as UnsupportedDevice["case"]) : "no_device_types",
    deviceType: string(details["deviceType"]) as UnsupportedDevice["deviceType"],
    vehicle: string(details["vehicle"]),
    charger: string(details["charger"]),
  };
}
