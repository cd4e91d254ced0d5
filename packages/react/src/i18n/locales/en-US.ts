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
  // Flip's programmes are in the US: American spelling of programme, enrolment, cancelled.
  "flow.step.enrollment": "Program",
  "enrollment.heading": "Programs for your home",
  "enrollment.loading": "Finding programs for your home…",
  "enrollment.listError.heading": "We couldn't load the programs",
  "enrollment.zip.hint": "Programs depend on where you live. For example, 88801.",
  "enrollment.zip.submit": "Find programs",
  "enrollment.list.intro": "These programs pay you for letting your devices use energy at better times. Choose one to see the details.",
  "enrollment.list.cancelled": "Your enrollment in {program} was canceled. You can choose a program again.",
  "enrollment.mustAgree": "Check the box to confirm you agree to the terms.",
  "enrollment.enrol": "Enroll",
  "enrollment.backToList": "Back to programs",
  "enrollment.creating": "Enrolling you in {program}…",
  "enrollment.createError.heading": "We couldn't enroll you",
  "enrollment.missing.intro": "{program} needs these details before it can enroll you.",
  "enrollment.missing.submit": "Save and enroll",
  "enrollment.pending.heading": "Your enrollment in {program} is pending",
  "enrollment.pending.headingUnnamed": "Your enrollment is pending",
  "enrollment.pending.body": "We've sent it to the program. It can take a few days to be accepted; until then you can cancel it.",
  "enrollment.pending.cancel": "Cancel enrollment",
  "enrollment.cancelling": "Canceling your enrollment…",
  "enrollment.cancelError.heading": "We couldn't cancel your enrollment",
  "enrollment.cancelError.noLongerPending": "Your enrollment has already been decided, so it can no longer be canceled here. Try again to see where it stands.",
  "enrollment.enrolled.body": "Your enrollment is {status}.",
  "enrollment.none.heading": "No programs for your home yet",
  "enrollment.none.body": "There aren't any programs for your home's devices at {zipCode} right now.",
  "enrollment.none.bodyNoZip": "There aren't any programs for your home's devices right now.",
  "enrollment.none.whatNext": "Nothing has been signed up and nothing changes for you. Programs open regularly; come back later to see new ones, or leave for now.",
  "flow.exited.body": "Nothing more has been recorded. You can come back and sign up anytime.",
  // The test charge: a box is checked, not ticked; cell signal, a parking garage.
  "testCharge.unconfirmed.pluggedInAtHome": "Plug your car in at home, then check this box.",
  "testCharge.unconfirmed.batteryNotFull": "The test needs room in the battery: if it's full, drive a little first, then check this box.",
  "testCharge.unconfirmed.agreedToCharge": "Check this box to agree to the test charge.",
  "testCharge.refused.TC_DEVICE_DISCONNECTED.body": "Check it's plugged in, turned on and has cell signal (open its app to wake it), then try again.",
  "testCharge.failed.unable_to_communicate.body": "Move it somewhere with cell signal if you can (not an underground parking garage), then try again.",
};
