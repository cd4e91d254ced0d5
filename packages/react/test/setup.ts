import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => {
  cleanup();
});

// jsdom's ArrayBuffer is another realm's than the one Node's WebCrypto answers in, so
// `digest(...) instanceof ArrayBuffer` is false here, unlike in a browser; libraries that check
// it (oauth4webapi, behind the sandbox's simulated maker) then fail. Re-home each digest.
const subtle = globalThis.crypto.subtle;
const digest = subtle.digest.bind(subtle);
Object.defineProperty(subtle, "digest", {
  configurable: true,
  value: async (...args: Parameters<SubtleCrypto["digest"]>) => {
    const bytes = new Uint8Array(await digest(...args));
    const copy = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(copy).set(bytes);
    return copy;
  },
});
