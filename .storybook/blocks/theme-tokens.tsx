import { appearanceToCssVariables, appearanceToStyle, type Appearance, type AppearanceColors } from "@onflex/react";
import { useLayoutEffect, useRef, useState, type CSSProperties } from "react";
import { THEMES } from "../themes.ts";

/**
 * Every colour a host may set. `satisfies` makes the typecheck fail when `AppearanceColors`
 * gains or loses a colour and this list does not follow.
 */
const COLOR_KEYS = {
  primary: "Primary buttons, secondary button text, focus rings, checkbox and radio accents",
  onPrimary: "Text on a primary background (buttons)",
  background: "The root's background",
  text: "Body text and headings",
  muted: "Hints, secondary text",
  danger: "Errors and their borders",
  success: "Eligible and done marks",
  border: "Field and card borders (≥ 3:1 against the background)",
} satisfies Record<keyof AppearanceColors, string>;

type Kind = "color" | "font" | "radius" | "space";

interface Token {
  /** The custom property, e.g. `--onflex-color-primary`. */
  name: string;
  /** Where a host sets it in `appearance`. */
  appearance: string;
  use: string;
  kind: Kind;
}

/** The property `appearanceToCssVariables` writes for one appearance field: the provider's own mapping, not a copy. */
function propertyFor(appearance: Appearance): string {
  const [name] = Object.keys(appearanceToCssVariables(appearance));
  if (!name) throw new Error(`No custom property for ${JSON.stringify(appearance)}`);
  return name;
}

const TOKENS: Token[] = [
  ...Object.entries(COLOR_KEYS).map(([key, use]) => ({
    name: propertyFor({ colors: { [key]: "#000" } }),
    appearance: `colors.${key}`,
    use,
    kind: "color" as const,
  })),
  { name: propertyFor({ fontFamily: "serif" }), appearance: "fontFamily", use: "Every text", kind: "font" },
  { name: propertyFor({ radius: 1 }), appearance: "radius", use: "Corners of fields, buttons, cards", kind: "radius" },
  { name: propertyFor({ spacing: 1 }), appearance: "spacing", use: "The unit every gap and padding is a multiple of", kind: "space" },
];

const COLUMNS: { title: string; appearance: Appearance }[] = [
  { title: "Light (default)", appearance: THEMES.light },
  { title: "Dark (default)", appearance: THEMES.dark },
  { title: "Brand (an example appearance)", appearance: THEMES.brand },
];

function sampleStyle(token: Token): CSSProperties {
  const value = `var(${token.name})`;
  switch (token.kind) {
    case "color":
      return { width: 48, height: 32, background: value, border: "1px solid var(--onflex-color-text)", borderRadius: 4 };
    case "font":
      return { fontFamily: value };
    case "radius":
      return { width: 48, height: 32, borderRadius: value, border: "2px solid var(--onflex-color-text)" };
    case "space":
      return { width: value, height: 16, background: "var(--onflex-color-text)" };
  }
}

/** One token drawn by the real stylesheet inside a themed root, with the value it resolves to there. */
function Sample({ token, appearance }: { token: Token; appearance: Appearance }) {
  const ref = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState("");
  useLayoutEffect(() => {
    if (ref.current) setValue(getComputedStyle(ref.current).getPropertyValue(token.name).trim());
  }, [token.name, appearance]);
  return (
    <div ref={ref} className="onflex" data-color-scheme={appearance.colorScheme ?? "light"} style={{ ...appearanceToStyle(appearance), padding: 8 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <div style={sampleStyle(token)} aria-hidden={token.kind === "font" ? undefined : true}>
          {token.kind === "font" ? "Find your address" : null}
        </div>
        <code style={{ fontSize: 12, overflowWrap: "anywhere" }}>{value}</code>
      </div>
    </div>
  );
}

/** The theme tokens of `@onflex/react/styles.css`, each as the default palettes and a brand draw it. */
export function ThemeTokens() {
  return (
    <table style={{ width: "100%", borderCollapse: "collapse" }}>
      <thead>
        <tr>
          <th scope="col">Token</th>
          {COLUMNS.map((column) => (
            <th key={column.title} scope="col">
              {column.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {TOKENS.map((token) => (
          <tr key={token.name}>
            <th scope="row" style={{ textAlign: "left", fontWeight: "normal", verticalAlign: "top" }}>
              <code>{token.name}</code>
              <br />
              <code>appearance.{token.appearance}</code>
              <br />
              <small>{token.use}</small>
            </th>
            {COLUMNS.map((column) => (
              <td key={column.title} style={{ padding: 0 }}>
                <Sample token={token} appearance={column.appearance} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
