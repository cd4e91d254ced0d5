import * as z from "zod/mini";

/** An ISO-8601 instant in UTC with a trailing Z, e.g. 2026-11-21T09:30:00.000Z. */
export const IsoUtcTimestamp = z.iso.datetime();
export type IsoUtcTimestamp = z.infer<typeof IsoUtcTimestamp>;

export const NonEmptyString = z.string().check(z.trim(), z.minLength(1));
