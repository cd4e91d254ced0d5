import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operationIds, operations } from "@onflex/core";
import { createOpenApiDocument } from "@onflex/core/openapi";

type JsonObjectSchema = { type?: string; properties?: Record<string, unknown> };
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; responses: Record<string, { content?: Record<string, { schema: JsonObjectSchema & { oneOf?: JsonObjectSchema[] } }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

const doc = createOpenApiDocument() as unknown as Doc;

describe("createOpenApiDocument", () => {
  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas["ErrorBody"]).toBeDefined();
  });

  it.each(operationIds)("%s appears with its request and response schemas", (id) => {
    const spec = operations[id];
    const operation = doc.paths[spec.path]?.[spec.method.toLowerCase()];
    expect(operation?.operationId).toBe(id);
    const output = operation?.responses["200"]?.content?.["application/json"]?.schema;
    // An object, or a union of objects told apart by a field (deviceAuth's results: oneOf).
    const variants: (JsonObjectSchema | undefined)[] = output?.oneOf ?? [output];
    expect(variants.length).toBeGreaterThan(0);
    for (const variant of variants) {
      expect(variant?.type).toBe("object");
      expect(Object.keys(variant?.properties ?? {}).length).toBeGreaterThan(0);
    }
    const inputKeys = Object.keys((spec.input as unknown as { def: { shape: Record<string, unknown> } }).def.shape);
    const described = [
      ...(operation?.parameters ?? []).filter((p) => p.in !== "header").map((p) => p.name),
      ...Object.keys(operation?.requestBody?.content["application/json"]?.schema.properties ?? {}),
    ];
    expect(described.sort()).toEqual([...inputKeys].sort());
    expect(operation?.responses["default"]).toBeDefined();
    expect((operation?.parameters ?? []).some((p) => p.name === "Idempotency-Key")).toBe(spec.creates);
  });

  it("the committed packages/core/openapi.json is up to date (run `pnpm --filter @onflex/core openapi`)", () => {
    const committed = readFileSync(new URL("../openapi.json", import.meta.url), "utf8");
    expect(committed).toBe(`${JSON.stringify(createOpenApiDocument(), null, 2)}\n`);
  });
});
