import { createSandboxApi, SANDBOX, SANDBOX_SITES, type Enrollment } from "@onflex/core";
import { AddressStep, DeviceSelectionStep, EnrollmentStep, ManageEnrollmentStep } from "@onflex/react";
import { deDE } from "@onflex/react/locales/de-DE";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { chooseByKeyboard, expectNoAxeViolations, plainSpaces, renderWithOnflex } from "./render.js";

describe("the steps in German (de-DE)", () => {
  it("<AddressStep> asks, checks and counts in German, by keyboard, and passes axe", async () => {
    const { user, container } = renderWithOnflex(<AddressStep />, { locale: "de-DE", catalogue: deDE });
    expect(container.firstElementChild).toHaveAttribute("lang", "de-DE");
    expect(screen.getByRole("heading", { name: "Ihre Adresse finden" })).toBeInTheDocument();
    const postcode = screen.getByRole("textbox", { name: "Postleitzahl" });
    await user.type(postcode, "SW1");
    await user.click(screen.getByRole("button", { name: "Adresse suchen" }));
    expect(await screen.findByText(/Diese Postleitzahl ist zu kurz/)).toBeInTheDocument();
    // What was typed is kept.
    expect(postcode).toHaveValue("SW1");

    await user.clear(postcode);
    await user.type(postcode, `${SANDBOX.postcodes.happy}{Enter}`);
    await screen.findByRole("heading", { name: "Wählen Sie Ihre Adresse" });
    const group = screen.getByRole("group", { name: `Adressen für ${SANDBOX.postcodes.happy}` });
    const count = within(group).getAllByRole("radio").length;
    expect(count).toBeGreaterThan(1);
    expect(screen.getByText(`${count} Adressen für ${SANDBOX.postcodes.happy} gefunden`)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Diese Adresse verwenden" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it("<EnrollmentStep> writes money, months and plurals the German way", async () => {
    const { user } = renderWithOnflex(<EnrollmentStep />, { locale: "de-DE", catalogue: deDE });
    const list = await screen.findByRole("list", { name: "Programme für Ihr Zuhause" });
    // Dollars, as a German reader sees them.
    expect(within(list).getAllByText((_, element) => element?.tagName === "P" && plainSpaces(element.textContent) === "50 $ bei der Anmeldung, danach 120 $ pro Jahr")).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Water Heater Flex ansehen" }));
    await screen.findByRole("heading", { level: 2, name: "Water Heater Flex" });
    expect(screen.getByText((_, element) => element?.tagName === "DD" && plainSpaces(element.textContent) === "60,50 $")).toBeInTheDocument();
    expect(screen.getByText("6 Monate")).toBeInTheDocument();
    expect(screen.getByText("November, Dezember, Januar und Februar")).toBeInTheDocument();
    expect(screen.getByText("Warmwasserbereiter")).toBeInTheDocument();
  });

  it("<DeviceSelectionStep> words the car and the charger with their own genders (ICU select)", async () => {
    const { user, container } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} />, { locale: "de-DE", catalogue: deDE });
    await user.click(await screen.findByRole("radio", { name: "Elektroauto" }));
    await user.click(screen.getByRole("button", { name: "Weiter" }));
    await screen.findByRole("heading", { name: "Ihr Elektroauto" });
    await chooseByKeyboard(user, "Automarke", "tes", "Tesla");
    await chooseByKeyboard(user, "Automodell", "model 3", "Model 3");
    await user.keyboard("{Enter}");
    await screen.findByRole("heading", { name: "Ihre Wallbox" });
    await chooseByKeyboard(user, "Wallbox-Hersteller", "ohm", "Ohme");
    await chooseByKeyboard(user, "Wallbox-Modell", "pro", "Home Pro");
    await user.click(screen.getByRole("button", { name: "Weiter" }));

    const heading = await screen.findByRole("heading", { name: "Wir verbinden Ihr Gerät Tesla Model 3" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText(/^Beide eignen sich für intelligentes Laden\. Ihr Auto meldet uns, wie voll der Akku ist/)).toBeInTheDocument();
    expect(screen.getByText(/Ihre Wallbox \(Ohme Home Pro\) bleibt, wie sie ist\.$/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Dieses Gerät verbinden" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it("<ManageEnrollmentStep> words events, the reserve, the commitment's months (ICU plural) and the penalty in German", { timeout: 20_000 }, async () => {
    const clock = () => new Date("2026-07-14T15:00:00.000Z");
    const backend = createSandboxApi({ clock, site: SANDBOX_SITES.enrolledActive });
    const enrollment = (await backend.enrollments.list({})).enrollments[0] as Enrollment;
    const { user, container } = renderWithOnflex(<ManageEnrollmentStep enrollment={enrollment} />, { locale: "de-DE", catalogue: deDE, api: backend, clock });
    await screen.findByRole("heading", { level: 2, name: "Sie sind für Peak Battery Rewards angemeldet" });
    const current = screen.getByRole("region", { name: "Bevorstehend und laufend" });
    const events = within(current).getAllByRole("listitem");
    expect(within(events[0]!).getByText("Läuft")).toBeInTheDocument();
    expect(within(events[0]!).getByText("25 % (Wert des Programms)")).toBeInTheDocument();
    expect(within(events[2]!).getByText("40 % (für diesen Einsatz festgelegt)")).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Vergangene Einsätze" })).getByText("Abgesagt")).toBeInTheDocument();
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole("button", { name: "Peak Battery Rewards verlassen" }));
    await screen.findByRole("heading", { name: "Peak Battery Rewards verlassen?" });
    expect(screen.getByText("Peak Battery Rewards hat eine Mindestlaufzeit von 12 Monaten; sie endet am 14. Juli 2027.")).toBeInTheDocument();
    expect(screen.getByText((_, element) => element?.tagName === "STRONG" && plainSpaces(element.textContent) === "Wenn Sie jetzt, vor Ablauf der Mindestlaufzeit, austreten, berechnet das Programm eine Gebühr von 50 $.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Programm verlassen" })).toBeInTheDocument();
  });
});
