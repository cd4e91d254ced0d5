import * as z from "zod/mini";
import { ONFLEX_ERROR_CODES } from "../errors.js";

/** The body of every non-2xx response in Onflex's REST contract. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ONFLEX_ERROR_CODES),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
