/** The colours a host may override; each maps to one `--onflex-color-*` custom property. */
export interface AppearanceColors {
  primary: string;
  /** Text drawn on a `primary` background (buttons); pick it for ≥ 4.5:1 contrast. */
  onPrimary: string;
  background: string;
  text: string;
  muted: string;
  danger: string;
  success: string;
  border: string;
}

export type ColorScheme = "light" | "dark" | "auto";

/**
 * The host's look, applied as CSS custom properties on the provider's root element.
 * Everything is optional: the stylesheet has light and dark defaults that meet WCAG AA.
 */
export interface Appearance {
  colors?: Partial<AppearanceColors>;
  /** A CSS font-family list. */
  fontFamily?: string;
  /** Corner radius, a CSS length (`"8px"`) or a number of pixels. */
  radius?: string | number;
  /** The spacing unit every gap is a multiple of, a CSS length or a number of pixels. */
  spacing?: string | number;
  /** `"auto"` follows the device setting (prefers-color-scheme). */
  colorScheme?: ColorScheme;
}
