// How every browser check here launches Chromium: Debian's build (test downloads of a
// browser are not possible on these machines), headless, with the background services
// off so it never reaches for the network. `npm test` installs it when missing.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
