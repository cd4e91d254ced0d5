// The root layout: a server component, as every layout is unless it says "use client".
// Onflex's stylesheet is static CSS (custom properties, no CSS-in-JS runtime): imported once
// here, Next bundles it with the page's CSS and sends it before the first paint, so the
// server-rendered step is styled before any script runs.
import "@onflex/react/styles.css";
import type { ReactNode } from "react";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
      <body>{children}</body>
    </html>
  );
}
