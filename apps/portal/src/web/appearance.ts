import type { Appearance } from "@onflex/react";
import type { SiteBranding } from "../server/site.types.js";

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Relative luminance (WCAG 2.x) of a #rgb / #rrggbb colour. */
function luminance(hex: string): number {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join("") : hex.slice(1);
  const channels = [0, 2, 4].map((i) => Number.parseInt(digits.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The site's branding as @onflex/react's appearance; text on the brand colour is picked for contrast. */
export function appearanceFor(branding: SiteBranding): Appearance {
  const appearance: Appearance = { colorScheme: "light" };
  if (HEX.test(branding.primaryColor)) {
    const l = luminance(branding.primaryColor);
    const onWhite = (1.05) / (l + 0.05);
    const onBlack = (l + 0.05) / 0.05;
    appearance.colors = { primary: branding.primaryColor, onPrimary: onWhite >= onBlack ? "#ffffff" : "#000000" };
  }
  if (branding.fontFamily) appearance.fontFamily = branding.fontFamily;
  return appearance;
}
