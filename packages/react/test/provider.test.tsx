import { AXLE_PROPOSITIONS, SANDBOX } from "@onflex/core";
import { AddressStep, catalogues, ConsentStep, createI18n, EligibilityStep, enGB, OnflexProvider } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { esUS } from "@onflex/react/locales/es-US";
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations, modes, renderWithOnflex, sandbox } from "./render.js";

describe("OnflexProvider", () => {
  it("applies the appearance as CSS custom properties on its root", () => {
    render(
      <OnflexProvider
        api={sandbox()}
        appearance={{ colors: { primary: "#5b1f8f", danger: "#a00000" }, fontFamily: "Georgia, serif", radius: 12, spacing: "0.5rem", colorScheme: "dark" }}
      >
        <AddressStep />
      </OnflexProvider>,
    );
    const root = screen.getByRole("textbox", { name: /postcode/i }).closest("[data-scope='onflex']") as HTMLElement;
    expect(root.style.getPropertyValue("--onflex-color-primary")).toBe("#5b1f8f");
    expect(root.style.getPropertyValue("--onflex-color-danger")).toBe("#a00000");
    expect(root.style.getPropertyValue("--onflex-font-family")).toBe("Georgia, serif");
    expect(root.style.getPropertyValue("--onflex-radius")).toBe("12px");
    expect(root.style.getPropertyValue("--onflex-space")).toBe("0.5rem");
    // Unset colours are left to the stylesheet's defaults.
    expect(root.style.getPropertyValue("--onflex-color-text")).toBe("");
    expect(root).toHaveAttribute("data-color-scheme", "dark");
  });

  it("switches catalogue and date format with the locale", async () => {
    const api = sandbox();
    const ui = (locale: string) => (
      <OnflexProvider api={api} locale={locale}>
        <AddressStep postcode={SANDBOX.postcodes.noAddresses} />
      </OnflexProvider>
    );
    const { rerender, container } = render(ui("en-GB"));
    expect(container.firstElementChild).toHaveAttribute("lang", "en-GB");
    screen.getByRole("button", { name: "Find address" }).click();
    await screen.findByRole("heading", { name: "No addresses found" });
    screen.getByRole("button", { name: "Enter address manually" }).click();
    expect(await screen.findByRole("textbox", { name: "Town or city" })).toBeInTheDocument();

    rerender(ui("en-US"));
    expect(container.firstElementChild).toHaveAttribute("lang", "en-US");
    expect(screen.getByRole("textbox", { name: "City" })).toBeInTheDocument();

    const date = "2026-11-21T09:30:00.000Z";
    expect(createI18n("en-GB").formatDate(date, { dateStyle: "long", timeZone: "UTC" })).toBe("21 November 2026");
    expect(createI18n("en-US").formatDate(date, { dateStyle: "long", timeZone: "UTC" })).toBe("November 21, 2026");
    expect(createI18n("en-US").t("consent.mustAgree")).toMatch(/^Check the box/);
    expect(createI18n("en-GB").t("consent.mustAgree")).toMatch(/^Tick the box/);
  });

  it("falls back by language, then to en-GB, and survives a malformed tag", () => {
    expect(createI18n("en-AU").t("address.heading")).toBe(enGB["address.heading"]);
    expect(createI18n("fr-FR").t("common.retry")).toBe("Try again");
    expect(createI18n("not a tag!").locale).toBe("en-GB");
    expect(createI18n("en-GB", { "address.heading": "Where is your charger?" }).t("address.heading")).toBe("Where is your charger?");
    expect(createI18n("en-GB").t("address.searching", { postcode: "SW1A 1AA" })).toBe("Searching for addresses at SW1A 1AA…");
  });

  it("reads a language that is not built in from the catalogue the host passes", async () => {
    const { container } = render(
      <OnflexProvider api={sandbox()} locale="de-DE" catalogue={deDE}>
        <AddressStep />
      </OnflexProvider>,
    );
    expect(container.firstElementChild).toHaveAttribute("lang", "de-DE");
    expect(screen.getByRole("heading", { name: deDE["address.heading"] })).toBeInTheDocument();
    expect(createI18n("es-US", {}, esUS).t("common.retry")).toBe(esUS["common.retry"]);
    // The host's overrides still win over the catalogue it passed.
    expect(createI18n("de-DE", { "common.retry": "Nochmal" }, deDE).t("common.retry")).toBe("Nochmal");
  });

  it("without a catalogue, reads a German locale in British English, formats in German, and warns once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const i18n = createI18n("de-CH");
    expect(i18n.t("common.retry")).toBe(enGB["common.retry"]);
    expect(i18n.formatNumber(1234.5)).toBe(new Intl.NumberFormat("de-CH").format(1234.5));
    createI18n("de-CH");
    const warnings = warn.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('"de-CH"'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/@onflex\/react\/locales\/de-DE/);
    // English needs no catalogue: no warning for en-AU.
    createI18n("en-AU");
    expect(warn.mock.calls.some(([text]) => String(text).includes('"en-AU"'))).toBe(false);
    warn.mockRestore();
  });

  it("has the same keys in every catalogue, built in or imported", () => {
    const reference = Object.keys(enGB).sort();
    for (const [tag, messages] of Object.entries({ ...catalogues, "de-DE": deDE, "es-US": esUS })) {
      expect(Object.keys(messages).sort(), tag).toEqual(reference);
      for (const value of Object.values(messages)) expect(value.trim(), tag).not.toBe("");
    }
  });

  it("tells the developer when the provider is missing", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => render(<AddressStep />)).toThrow(/inside <OnflexProvider/);
    spy.mockRestore();
  });
});

describe.each(modes)("standalone steps ($name)", ({ strict }) => {
  it("<EligibilityStep> lists reasons per proposition", async () => {
    const { container } = renderWithOnflex(<EligibilityStep mpan={SANDBOX.mpans.nonDomestic} />, { strict });
    await screen.findByRole("heading", { name: "Your eligibility" });
    expect(screen.getByRole("heading", { name: "Smart Charging" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Flex Lite" })).toBeInTheDocument();
    const flexLiteReasons = screen.getByRole("list", { name: "Reasons: Flex Lite" });
    expect(flexLiteReasons).toHaveTextContent("This meter is registered to a business, not a home.");
    await expectNoAxeViolations(container);
  });

  it("<EligibilityStep> says eligible when it is", async () => {
    renderWithOnflex(<EligibilityStep mpan={SANDBOX.mpans.domestic} propositions={[AXLE_PROPOSITIONS.flexLite]} />, { strict });
    expect(await screen.findByRole("heading", { name: "Good news: you're eligible" })).toBeInTheDocument();
    expect(screen.getByText("Eligible")).toBeInTheDocument();
  });

  it("<ConsentStep> records the agreement with the terms version", async () => {
    const api = sandbox();
    const { user, container } = renderWithOnflex(
      <ConsentStep mpan={SANDBOX.mpans.domestic} proposition={AXLE_PROPOSITIONS.flexLite} />,
      { strict, api },
    );
    await screen.findByRole("region", { name: "Flex Lite terms (sandbox)" });
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole("checkbox", { name: /agree to these terms/ }));
    await user.click(screen.getByRole("button", { name: "Accept" }));
    expect(await screen.findByText(/We recorded your agreement to version flex-lite-2026-06/)).toBeInTheDocument();
    expect(api.simulation.consentRecords()).toHaveLength(1);
  });

  it("stamps the consent with the provider's clock, unless the step is given its own", async () => {
    const providerTime = new Date("2026-03-01T08:00:00.000Z");
    const stepTime = new Date("2026-04-01T08:00:00.000Z");
    for (const [props, expected] of [
      [{}, providerTime],
      [{ now: () => stepTime }, stepTime],
    ] as const) {
      const api = sandbox();
      const { user, unmount } = renderWithOnflex(
        <ConsentStep mpan={SANDBOX.mpans.domestic} proposition={AXLE_PROPOSITIONS.flexLite} {...props} />,
        { strict, api, clock: () => providerTime },
      );
      await user.click(await screen.findByRole("checkbox", { name: /agree to these terms/ }));
      await user.click(screen.getByRole("button", { name: "Accept" }));
      await screen.findByText(/We recorded your agreement/);
      expect(api.simulation.consentRecords().map((record) => record.givenAt)).toEqual([expected.toISOString()]);
      unmount();
    }
  });
});
