import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { catalogues as builtIn, enGB, type Messages } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { esUS } from "@onflex/react/locales/es-US";
import { describe, expect, it } from "vitest";

/**
 * A message's arguments as "name:kind" (plain for `{name}`, else number, date, time, plural,
 * selectordinal, select), with every option of a plural or select that names one: what a
 * translation must keep, so a step's values fit every language's message.
 */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      switch (element.type) {
        case TYPE.argument:
          found.add(`${element.value}:plain`);
          break;
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          found.add(`${element.value}:${TYPE[element.type]}`);
          break;
        case TYPE.plural:
          found.add(`${element.value}:${element.pluralType === "ordinal" ? "selectordinal" : "plural"}`);
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.select:
          found.add(`${element.value}:select`);
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.tag:
          walk(element.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message, { ignoreTag: true, requiresOtherClause: true }));
  return [...found].sort();
}

/** The select keys of each select argument ("kind:vehicle"), for those a step sends fixed codes to. */
function selectKeysOf(message: string): string[] {
  const keys = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.select) {
        for (const [key, option] of Object.entries(element.options)) {
          keys.add(`${element.value}:${key}`);
          walk(option.value);
        }
      } else if (element.type === TYPE.plural) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
    }
  };
  walk(parse(message, { ignoreTag: true, requiresOtherClause: true }));
  return [...keys].sort();
}

/** Every catalogue: the main entry's (en-GB, en-US) and the languages a host imports from a subpath. */
const catalogues: Record<string, Messages> = { ...builtIn, "de-DE": deDE, "es-US": esUS };

describe("catalogues", () => {
  it("builds en-GB and en-US into the main entry; de-DE and es-US are subpaths of their own", () => {
    expect(Object.keys(builtIn).sort()).toEqual(["en-GB", "en-US"]);
    expect(Object.keys(catalogues)).toEqual(["en-GB", "en-US", "de-DE", "es-US"]);
  });

  it.each(Object.keys(catalogues))("%s: every message parses as ICU and has exactly en-GB's arguments, of the same kinds", (tag) => {
    const messages = catalogues[tag]!;
    const problems: string[] = [];
    for (const [key, reference] of Object.entries(enGB)) {
      const message = (messages as Record<string, string>)[key];
      if (typeof message !== "string" || message.trim() === "") {
        problems.push(`${key}: missing`);
        continue;
      }
      let found: string[];
      try {
        found = argumentsOf(message);
      } catch (error) {
        problems.push(`${key}: does not parse (${(error as Error).message})`);
        continue;
      }
      const expected = argumentsOf(reference);
      if (found.join() !== expected.join()) problems.push(`${key}: arguments ${found.join(", ") || "none"}, en-GB has ${expected.join(", ") || "none"}`);
      // A select the step sends codes to must answer each code the reference answers.
      for (const key_ of selectKeysOf(reference)) if (!selectKeysOf(message).includes(key_)) problems.push(`${key}: no select case ${key_}`);
    }
    for (const key of Object.keys(messages)) if (!Object.hasOwn(enGB, key)) problems.push(`${key}: not in en-GB`);
    expect(problems).toEqual([]);
  });

  it("catches a message whose arguments differ from en-GB's (the check can fail)", () => {
    expect(argumentsOf("{count, plural, one {# month} other {# months}}")).toEqual(["count:plural"]);
    expect(argumentsOf("{count} months")).toEqual(["count:plain"]);
    expect(argumentsOf("{n, selectordinal, one {#st} other {#th}} {when, date, short} {kind, select, a {{x}} other {}}")).toEqual([
      "kind:select",
      "n:selectordinal",
      "when:date",
      "x:plain",
    ]);
    expect(() => argumentsOf("{count, plural, one {# month}}")).toThrow(/MISSING_OTHER_CLAUSE/);
  });

  it("fakes no plurals: a count is always a plural argument", () => {
    for (const [tag, messages] of Object.entries(catalogues)) {
      for (const [key, message] of Object.entries(messages)) {
        expect(argumentsOf(message).filter((argument) => argument === "count:plain"), `${tag} ${key}`).toEqual([]);
        // Whatever the argument's name: "{months} months" is a count glued to a noun.
        expect(message.match(/\{\w+\}\s*(?:months?|minutes?|hours?|days?|weeks?|years?|Monate?n?|Minuten?|Stunden?|Tagen?|Wochen?|Jahren?)\b/g) ?? [], `${tag} ${key}`).toEqual([]);
      }
    }
  });
});
