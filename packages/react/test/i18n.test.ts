import { createI18n } from "@onflex/react";
import { afterEach, describe, expect, it, vi } from "vitest";

describe("message formatting", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes small whole numbers without building a number format (slow on a phone's first screen)", () => {
    const spy = vi.spyOn(Intl, "NumberFormat");
    const i18n = createI18n("en-GB");
    expect(i18n.t("flow.progress.status", { current: 1, total: 3 })).toBe("Step 1 of 3");
    expect(spy).not.toHaveBeenCalled();
  });

  it("formats other numbers with the locale's rules", () => {
    const i18n = createI18n("en-GB");
    expect(i18n.t("flow.progress.status", { current: 1234, total: 2.5 })).toBe("Step 1,234 of 2.5");
  });
});
