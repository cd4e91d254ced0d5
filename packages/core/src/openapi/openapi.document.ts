import * as z from "zod/mini";
import { operations } from "../api/operations.js";
import { operationIds } from "../api/operations.runtime.js";
import { pathParamNames } from "../http/http.router.js";
import { STATUS_FOR_ERROR_CODE } from "../http/http.status.js";
import { ErrorBody } from "../schemas/error.js";

export interface OpenApiOptions {
  title?: string;
  version?: string;
  /** Server URLs to list, e.g. the portal's API root. */
  servers?: string[];
}

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodMiniType, io: "input" | "output"): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonObject;
  delete json["$schema"];
  return json;
}

const ERROR_RESPONSE = { $ref: "#/components/responses/Error" };

/**
 * Onflex's REST contract as an OpenAPI 3.1 document, generated from the same `operations`
 * table and zod schemas the HTTP adapter, MSW handlers and portal server use.
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const id of operationIds) {
    const spec = operations[id];
    const input = schemaOf(spec.input, "input");
    const properties = (input["properties"] ?? {}) as Record<string, JsonObject>;
    const required = new Set((input["required"] ?? []) as string[]);
    const inPath = pathParamNames(spec.path);
    const parameters: JsonObject[] = inPath.map((name) => ({ name, in: "path", required: true, schema: properties[name] ?? { type: "string" } }));
    const operation: JsonObject = { operationId: id, summary: spec.summary, tags: [id.split(".")[0]] };
    if (spec.method === "GET" || spec.method === "DELETE") {
      for (const [name, schema] of Object.entries(properties)) {
        if (!inPath.includes(name)) parameters.push({ name, in: "query", required: required.has(name), schema });
      }
    } else {
      const body: JsonObject = { ...input, properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !inPath.includes(name))) };
      if (Array.isArray(input["required"])) body["required"] = (input["required"] as string[]).filter((name) => !inPath.includes(name));
      operation["requestBody"] = { required: true, content: { "application/json": { schema: body } } };
    }
    if (spec.creates) {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "Repeats with the same key get the first answer instead of creating twice.",
        schema: { type: "string" },
      });
    }
    if (parameters.length > 0) operation["parameters"] = parameters;
    operation["responses"] = {
      "200": { description: "OK", content: { "application/json": { schema: schemaOf(spec.output, "output") } } },
      default: ERROR_RESPONSE,
    };
    operation["x-onflex-safe"] = spec.safe;
    if (spec.idempotent) operation["x-onflex-idempotent"] = true;
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: options.title ?? "Onflex onboarding API",
      version: options.version ?? "1.0.0",
      description: `Errors answer with { error: { code, message, details } }. Status by code: ${Object.entries(STATUS_FOR_ERROR_CODE)
        .map(([code, status]) => `${code} ${status}`)
        .join(", ")}.`,
    },
    ...(options.servers ? { servers: options.servers.map((url) => ({ url })) } : {}),
    paths,
    components: {
      schemas: { ErrorBody: schemaOf(ErrorBody, "output") },
      responses: {
        Error: { description: "An Onflex error.", content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } } },
      },
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
    security: [{ bearer: [] }],
  };
}
