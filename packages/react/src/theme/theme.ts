import type { CSSProperties } from "react";
import type { Appearance, AppearanceColors } from "./theme.types.js";

const COLOR_VARS: Record<keyof AppearanceColors, string> = {
  primary: "--onflex-color-primary",
  onPrimary: "--onflex-color-on-primary",
  background: "--onflex-color-background",
  text: "--onflex-color-text",
  muted: "--onflex-color-muted",
  danger: "--onflex-color-danger",
  success: "--onflex-color-success",
  border: "--onflex-color-border",
};

function toLength(value: string | number): string {
  return typeof value === "number" ? `${value}px` : value;
}

/**
 * Maps an appearance to the custom properties styles.css reads. Only what the host set is
 * emitted, so the stylesheet's light/dark defaults keep applying to everything else.
 */
export function appearanceToCssVariables(appearance: Appearance = {}): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(appearance.colors ?? {})) {
    const cssVar = COLOR_VARS[name as keyof AppearanceColors];
    if (cssVar && typeof value === "string" && value !== "") vars[cssVar] = value;
  }
  if (appearance.fontFamily) vars["--onflex-font-family"] = appearance.fontFamily;
  if (appearance.radius !== undefined) vars["--onflex-radius"] = toLength(appearance.radius);
  if (appearance.spacing !== undefined) vars["--onflex-space"] = toLength(appearance.spacing);
  return vars;
}

/** The same variables as a React style object (custom properties are not in CSSProperties' keys). */
export function appearanceToStyle(appearance: Appearance = {}): CSSProperties {
  return appearanceToCssVariables(appearance) as CSSProperties;
}
