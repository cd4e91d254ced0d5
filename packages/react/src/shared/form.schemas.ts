import { parseMpan, parseUkPostcode } from "@onflex/core";
import * as z from "zod/mini";

/**
 * Form schemas built on core's parsers, so the form, the machine and the server agree on
 * what is valid. Each issue's message is the parser's reason code; the view turns it into
 * catalogue text, which keeps the words translatable.
 */
function parsedBy(parse: (value: string) => { ok: true } | { ok: false; reason: string }) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const parsed = parse(value);
      if (!parsed.ok) ctx.issues.push({ code: "custom", message: parsed.reason, input: value });
    }),
  );
}

const required = z.string().check(z.refine((value) => value.trim() !== "", "required"));

/** A radio group's value: react-hook-form gives null until something is chosen. */
const chosen = z.custom<string>((value) => typeof value === "string" && value !== "", "required");

export const postcodeFormSchema = z.object({ postcode: parsedBy(parseUkPostcode) });
export type PostcodeFormValues = z.infer<typeof postcodeFormSchema>;

export const manualFormSchema = z.object({
  line1: required,
  line2: z.string(),
  town: required,
  postcode: parsedBy(parseUkPostcode),
  mpan: parsedBy(parseMpan),
});
export type ManualFormValues = z.infer<typeof manualFormSchema>;

export const addressChoiceSchema = z.object({ addressId: chosen });
export type AddressChoiceValues = z.infer<typeof addressChoiceSchema>;

export const meterChoiceSchema = z.object({ mpan: chosen });
export type MeterChoiceValues = z.infer<typeof meterChoiceSchema>;
