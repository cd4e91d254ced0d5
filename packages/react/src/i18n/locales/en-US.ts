import type { Messages } from "../i18n.types.js";
import { enGB } from "./en-GB.js";

/**
 * American English. UK flows still say "postcode" and "MPAN" (they are UK identifiers);
 * only spelling and everyday terms change. Dates and numbers follow the tag via Intl.
 */
export const enUS: Messages = {
  ...enGB,
  "eligibility.checking": "Checking which programs your home qualifies for…",
  "eligibility.issue.non_domestic_site": "This meter is registered to a business, not a residence.",
  "consent.mustAgree": "Check the box to confirm you agree, or choose Decline.",
  "address.meters.body": "Your home has more than one electricity meter. Choose the import meter unless your utility told you otherwise.",
  "address.manual.town": "City",
  "flow.exited.body": "Nothing more has been recorded. You can come back and sign up anytime.",
};
