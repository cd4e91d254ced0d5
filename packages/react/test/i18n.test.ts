import { createI18n, createI18nFrom, createPlainI18nFrom, enGB, enGBAddress, enGBFlow, isPlainMessage } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { esUS } from "@onflex/react/locales/es-US";
import { afterEach, describe, expect, it, vi } from "vitest";
import { plainSpaces } from "./render.js";


describe("message formatting (ICU)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("plurals one and other in English and German, with # in the locale's digits", () => {
    const gb = createI18n("en-GB");
    const de = createI18n("de-DE", {}, deDE);
    expect(gb.t("enrollment.details.months", { count: 1 })).toBe("1 month");
    expect(gb.t("enrollment.details.months", { count: 12 })).toBe("12 months");
    expect(de.t("enrollment.details.months", { count: 1 })).toBe("1 Monat");
    expect(de.t("enrollment.details.months", { count: 12 })).toBe("12 Monate");
    expect(gb.t("address.results.count", { count: 1, postcode: "SW1A 1AA" })).toBe("1 address found at SW1A 1AA");
    expect(gb.t("address.results.count", { count: 0, postcode: "SW1A 1AA" })).toBe("0 addresses found at SW1A 1AA");
    expect(de.t("device.makes.count", { count: 1 })).toMatch(/^1 passender Hersteller\./);
    expect(de.t("device.makes.count", { count: 2 })).toMatch(/^2 passende Hersteller\./);
    expect(gb.t("device.models.count", { count: 1234 })).toMatch(/^1,234 matching models\./);
    expect(de.t("device.models.count", { count: 1234 })).toMatch(/^1\.234 passende Modelle\./);
  });

  it("plurals, selects, exact matches and number and date skeletons in a message of one's own", () => {
    const messages = {
      left: "{count, plural, =0 {No time left} one {# minute left} other {# minutes left}}",
      links: "{count, plural, one {# Minute übrig} other {# Minuten übrig}}",
      kind: "{kind, select, vehicle {Your car} charger {Your charger} other {Your device}} is connected.",
      price: "{amount, number, ::currency/EUR} a year",
      share: "{ratio, number, ::percent}",
      day: "{when, date, ::yyyyMMMMd}",
    };
    const en = createI18nFrom(messages, "en-GB");
    const de = createI18nFrom(messages, "de-DE");
    expect(en.tryT("left", { count: 0 })).toBe("No time left");
    expect(en.tryT("left", { count: 1 })).toBe("1 minute left");
    expect(en.tryT("left", { count: 3 })).toBe("3 minutes left");
    expect(de.tryT("links", { count: 1 })).toBe("1 Minute übrig");
    expect(de.tryT("links", { count: 3 })).toBe("3 Minuten übrig");
    expect(en.tryT("kind", { kind: "charger" })).toBe("Your charger is connected.");
    expect(en.tryT("kind", { kind: "battery" })).toBe("Your device is connected.");
    expect(en.tryT("price", { amount: 1234.5 })).toBe("€1,234.50 a year");
    expect(plainSpaces(de.tryT("price", { amount: 1234.5 })!)).toBe("1.234,50 € a year");
    expect(plainSpaces(de.tryT("share", { ratio: 0.25 })!)).toBe("25 %");
    const date = new Date("2026-11-21T12:00:00.000Z");
    expect(en.tryT("day", { when: date })).toBe("21 November 2026");
    expect(de.tryT("day", { when: date })).toBe("21. November 2026");
  });

  it("keeps {name} messages as they were: numbers in the locale's grouping, text as given, a missing value in view", () => {
    const gb = createI18n("en-GB");
    expect(gb.t("flow.progress.status", { current: 1234, total: 2.5 })).toBe("Step 1,234 of 2.5");
    expect(createI18n("de-DE", {}, deDE).t("flow.progress.status", { current: 1234, total: 2.5 })).toBe("Schritt 1.234 von 2,5");
    expect(gb.t("address.searching", { postcode: "SW1A 1AA" })).toBe("Searching for addresses at SW1A 1AA…");
    expect(gb.t("address.searching")).toBe("Searching for addresses at {postcode}…");
    // ICU text rules: an apostrophe before a letter is itself; '' is one apostrophe; '{' a brace.
    const own = createI18nFrom({ a: "{maker}'s service", b: "It''s '{'literal'}'" });
    expect(own.tryT("a", { maker: "Tesla" })).toBe("Tesla's service");
    expect(own.tryT("b")).toBe("It's {literal}");
    expect(own.tryT("missing")).toBeUndefined();
  });

  it("a malformed override reads as the catalogue's message, says so once (key and error code only), and leaves the rest working", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const i18n = createI18n(
      "de-DE",
      {
        "address.heading": "Ihre {Adresse",
        "enrollment.details.months": "{count, plural, one {# Monat}}",
        "address.searching": "Suche {postcode, plural, other {# bei}}",
      },
      deDE,
    );
    expect(i18n.t("address.heading")).toBe(deDE["address.heading"]);
    expect(i18n.t("address.heading")).toBe(deDE["address.heading"]);
    expect(i18n.t("enrollment.details.months", { count: 2 })).toBe("2 Monate");
    // Well-formed, but a plural given text cannot be formatted: the catalogue's message reads instead.
    expect(i18n.t("address.searching", { postcode: "SW1A 1AA" })).toBe("Adressen für SW1A 1AA werden gesucht …");
    expect(i18n.t("common.retry")).toBe("Erneut versuchen");
    expect(warn).toHaveBeenCalledTimes(3);
    const warnings = warn.mock.calls.map(([text]) => String(text));
    expect(warnings[0]).toMatch(/"address\.heading".*could not be read \(EXPECT_ARGUMENT_CLOSING_BRACE\)/);
    expect(warnings[1]).toMatch(/"enrollment\.details\.months".*MISSING_OTHER_CLAUSE/);
    expect(warnings[2]).toMatch(/"address\.searching".*could not be formatted/);
    // Never a value the user typed.
    expect(warnings.join(" ")).not.toContain("SW1A");
  });

  it("a broken message with nothing to fall back on reads as its key, and a plural without its number never throws", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const own = createI18nFrom({ broken: "{oops", plural: "{count, plural, one {# day} other {# days}}" });
    expect(own.tryT("broken")).toBe("broken");
    expect(own.tryT("plural")).toBe("plural");
    expect(own.tryT("plural", { count: 2 })).toBe("2 days");
    // A German override that is broken falls back to the German catalogue, then to en-GB.
    expect(createI18n("de-DE", { "common.back": "{" }, deDE).t("common.back")).toBe("Zurück");
    expect(createI18n("en-GB", { "common.back": "{" }).t("common.back")).toBe(enGB["common.back"]);
  });

  it("compiles each message once and reuses it", () => {
    const messages = { left: "{count, plural, one {# minute left} other {# minutes left}}" };
    const i18n = createI18nFrom(messages, "en-GB");
    const plural = vi.spyOn(Intl, "PluralRules");
    for (let count = 0; count < 20; count += 1) i18n.tryT("left", { count });
    // One PluralRules for the locale, however many times the message is formatted.
    expect(plural.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it("keeps formatDate and formatNumber, in the locale", () => {
    const date = "2026-11-21T09:30:00.000Z";
    expect(createI18n("de-DE", {}, deDE).formatDate(date, { dateStyle: "long", timeZone: "UTC" })).toBe("21. November 2026");
    expect(plainSpaces(createI18n("de-DE", {}, deDE).formatNumber(1234.5, { style: "currency", currency: "EUR" }))).toBe("1.234,50 €");
    expect(createI18n("en-GB").formatNumber(1234.5)).toBe("1,234.5");
  });
});

describe("the parser-free translator (a page that paints before the widget)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes small whole numbers without building a number format (slow on a phone's first screen)", () => {
    const spy = vi.spyOn(Intl, "NumberFormat");
    const i18n = createPlainI18nFrom({ ...enGBFlow, ...enGBAddress }, "en-GB");
    expect(i18n.t("flow.progress.status", { current: 1, total: 3 })).toBe("Step 1 of 3");
    expect(spy).not.toHaveBeenCalled();
  });

  it("formats other numbers with the locale's rules, as the ICU translator does", () => {
    expect(createPlainI18nFrom(enGBFlow, "en-GB").t("flow.progress.status", { current: 1234, total: 2.5 })).toBe("Step 1,234 of 2.5");
    expect(createPlainI18nFrom(enGBFlow, "de-DE").t("flow.progress.status", { current: 1234, total: 2.5 })).toBe("Step 1.234 of 2,5");
  });

  it("reads an ICU message as its key with a warning, rather than showing its syntax", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const i18n = createPlainI18nFrom(enGBAddress, "en-GB");
    expect(i18n.t("address.results.count", { count: 2, postcode: "SW1A 1AA" })).toBe("address.results.count");
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"address\.results\.count" is an ICU message/));
  });

  it("tells plain messages from ICU ones", () => {
    expect(isPlainMessage("Step {current} of {total}")).toBe(true);
    expect(isPlainMessage("We couldn't find {postcode}")).toBe(true);
    expect(isPlainMessage("{count, plural, one {#} other {#}}")).toBe(false);
    expect(isPlainMessage("It''s")).toBe(false);
    expect(isPlainMessage("'{'literal'}'")).toBe(false);
  });

  it("formats every plain catalogue message exactly as the ICU translator does", () => {
    const values = { current: 3, total: 1234, postcode: "SW1A 1AA", address: "1 Main St", mpan: "1200 0000 0000 1", count: 2, date: "21 November 2026" };
    for (const [tag, messages] of [["en-GB", enGB] as const, ["de-DE", deDE] as const, ["es-US", esUS] as const]) {
      const plain = createPlainI18nFrom(messages, tag);
      const icu = createI18nFrom(messages, tag);
      for (const [key, message] of Object.entries(messages)) {
        if (!isPlainMessage(message)) continue;
        expect(plain.tryT(key, values), `${tag} ${key}`).toBe(icu.tryT(key, values));
      }
    }
  });
});
