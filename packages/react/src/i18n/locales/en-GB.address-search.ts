/**
 * The address step's first screen: its heading and the postcode form. A part of its own so a
 * page that paints it before the widget loads (the portal's first screen) takes these words
 * and not the rest of the step's; `enGBAddress` includes it.
 */
export const enGBAddressSearch = {
  "address.heading": "Find your address",
  "address.intro": "We use your postcode to find your home's electricity meter.",
  "address.postcode.label": "Postcode",
  "address.postcode.hint": "The postcode of the home where your device is installed.",
  "address.postcode.submit": "Find address",
  "address.searching": "Searching for addresses at {postcode}…",
} as const;
