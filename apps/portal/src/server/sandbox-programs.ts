/**
 * The portal seeds its programmes from core's SANDBOX, the one source the sandbox API, the
 * stories and the portal share: 88801 and 88802 have programmes, 88803 has none (see core's
 * README fixture table).
 */
export { SANDBOX_PROGRAMS, SANDBOX_PROGRAM_IDS, SANDBOX_ZIP_CODES } from "@onflex/core";
