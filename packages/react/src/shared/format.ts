import type { Address, ManualAddress } from "@onflex/core";

export function formatAddress(address: Address | ManualAddress, { withPostcode = true } = {}): string {
  return [address.line1, address.line2, address.town, withPostcode ? address.postcode : undefined].filter(Boolean).join(", ");
}

/** Groups an MPAN core the way bills print it (2 + 4 + 4 + 3), so it is easier to compare. */
export function formatMpan(mpan: string): string {
  return /^\d{13}$/.test(mpan) ? `${mpan.slice(0, 2)} ${mpan.slice(2, 6)} ${mpan.slice(6, 10)} ${mpan.slice(10)}` : mpan;
}
