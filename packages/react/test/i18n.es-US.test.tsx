import { SANDBOX } from "@onflex/core";
import { DeviceSelectionStep, EnrollmentStep } from "@onflex/react";
import { esUS } from "@onflex/react/locales/es-US";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { chooseByKeyboard, expectNoAxeViolations, plainSpaces, renderWithOnflex } from "./render.js";

describe("the steps in US Spanish (es-US)", () => {
  it("<EnrollmentStep> lists the programmes in Spanish, with dollars, months and plurals from Intl and ICU, and passes axe", async () => {
    const { user, container } = renderWithOnflex(<EnrollmentStep />, { locale: "es-US", catalogue: esUS });
    expect(container.firstElementChild).toHaveAttribute("lang", "es-US");
    const list = await screen.findByRole("list", { name: "Programas para su hogar" });
    expect(screen.getByRole("heading", { name: "Programas para su hogar" })).toBeInTheDocument();
    expect(within(list).getAllByText((_, element) => element?.tagName === "P" && plainSpaces(element.textContent) === "$50 al inscribirse, luego $120 al año")).toHaveLength(1);
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole("button", { name: "Ver Water Heater Flex" }));
    await screen.findByRole("heading", { level: 2, name: "Water Heater Flex" });
    expect(screen.getByText((_, element) => element?.tagName === "DD" && plainSpaces(element.textContent) === "$60.50")).toBeInTheDocument();
    expect(screen.getByText("6 meses")).toBeInTheDocument();
    expect(screen.getByText("noviembre, diciembre, enero y febrero")).toBeInTheDocument();
    expect(screen.getByText("Calentador de agua")).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Leí y acepto los términos y condiciones de Water Heater Flex" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Inscribirme" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Volver a los programas" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it("<DeviceSelectionStep> asks about the car and the charger in Spanish, by keyboard, and passes axe", async () => {
    const { user, container } = renderWithOnflex(<DeviceSelectionStep mpan={SANDBOX.mpans.domestic} />, { locale: "es-US", catalogue: esUS });
    await screen.findByRole("heading", { name: "¿Qué dispositivo quiere conectar?" });
    await user.click(await screen.findByRole("radio", { name: "Auto eléctrico" }));
    await user.click(screen.getByRole("button", { name: "Continuar" }));
    await screen.findByRole("heading", { name: "Su auto eléctrico" });
    await chooseByKeyboard(user, "Marca del auto", "tes", "Tesla");
    await chooseByKeyboard(user, "Modelo del auto", "model 3", "Model 3");
    await user.keyboard("{Enter}");
    await screen.findByRole("heading", { name: "Su cargador" });
    await chooseByKeyboard(user, "Marca del cargador", "ohm", "Ohme");
    await chooseByKeyboard(user, "Modelo del cargador", "pro", "Home Pro");
    await user.click(screen.getByRole("button", { name: "Continuar" }));

    const heading = await screen.findByRole("heading", { name: "Conectaremos su Tesla Model 3" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText(/^Ambos funcionan con la carga inteligente\. Su auto nos indica qué tan llena está la batería/)).toBeInTheDocument();
    expect(screen.getByText(/su cargador \(Ohme Home Pro\) se queda como está\.$/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Conectar este dispositivo" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cambiar mis respuestas" })).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });
});
