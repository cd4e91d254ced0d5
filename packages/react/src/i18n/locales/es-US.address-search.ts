import type { enGBAddressSearch } from "./en-GB.address-search.js";

/**
 * La primera pantalla del paso de la dirección: su título y el formulario del código postal.
 * Una parte propia, como en en-GB, para que una página que la muestra antes de que cargue el
 * widget tome solo estas palabras; `esUSAddress` la incluye.
 */
export const esUSAddressSearch = {
  "address.heading": "Busque su dirección",
  "address.intro": "Usamos su código postal para encontrar el medidor de electricidad de su hogar.",
  "address.postcode.label": "Código postal",
  "address.postcode.hint": "El código postal del hogar donde está instalado su dispositivo.",
  "address.postcode.submit": "Buscar dirección",
  "address.searching": "Buscando direcciones en {postcode}…",
} as const satisfies Record<keyof typeof enGBAddressSearch, string>;
