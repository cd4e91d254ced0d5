import { AXLE_PROPOSITIONS } from "@onflex/core";
import type { JourneyPreset } from "./journey.types.js";

export const presets = {
  /** Axle Smart Charging: the charger model decides eligibility, so pass `assetModel`. */
  axleSmartCharging: {
    id: "axle-smart-charging",
    proposition: AXLE_PROPOSITIONS.smartCharging,
    steps: ["address", "eligibility", "consent"],
    needsAssetModel: true,
  },
  /** Axle Flex Lite: the meter alone decides. */
  axleFlexLite: {
    id: "axle-flex-lite",
    proposition: AXLE_PROPOSITIONS.flexLite,
    steps: ["address", "eligibility", "consent"],
    needsAssetModel: false,
  },
} as const satisfies Record<string, JourneyPreset>;
