import type { Appearance } from "@onflex/react";

/** The Theme toolbar's choices: the stylesheet's two default palettes and one host's brand. */
export const THEMES: Record<"light" | "dark" | "brand", Appearance> = {
  light: { colorScheme: "light" },
  dark: { colorScheme: "dark" },
  brand: {
    colorScheme: "light",
    colors: { primary: "#5b1f8f", onPrimary: "#ffffff", text: "#22172b", muted: "#5a4d66", border: "#7a6a88" },
    fontFamily: 'Georgia, "Times New Roman", serif',
    radius: 14,
    spacing: 10,
  },
};

export type ThemeName = keyof typeof THEMES;
