import { http, HttpResponse } from "msw";
import type { HttpHandler } from "msw";
import { operations } from "../api/operations.js";
import { operationIds } from "../api/operations.runtime.js";
import type { OnboardingApi } from "../api/port.js";
import { serveOperation } from "../http/http.router.js";

export interface SandboxHandlersOptions {
  /** The same base URL the HTTP adapter is given, e.g. "https://api.onflex.test". */
  baseUrl: string;
}

/**
 * MSW request handlers that serve any OnboardingApi (normally the sandbox) over Onflex's
 * REST contract, one handler per operation. An `invalid_response` from the API is served as
 * a garbled 200 body, so a client sees what a broken upstream really looks like.
 */
export function createSandboxHandlers(api: OnboardingApi, options: SandboxHandlersOptions): HttpHandler[] {
  const base = options.baseUrl.replace(/\/+$/, "");
  const basePath = new URL(base, "http://localhost").pathname.replace(/\/+$/, "");
  return operationIds.map((id) => {
    const spec = operations[id];
    const route = base + spec.path.replace(/\{(\w+)\}/g, ":$1");
    const method = spec.method.toLowerCase() as "get" | "post" | "patch" | "delete";
    return http[method](route, async ({ request }) => {
      const url = new URL(request.url);
      const result = await serveOperation(api, {
        method: request.method,
        pathname: url.pathname.slice(basePath.length),
        query: url.searchParams,
        readJson: async () => {
          const text = await request.text();
          return text === "" ? undefined : (JSON.parse(text) as unknown);
        },
        idempotencyKey: request.headers.get("Idempotency-Key"),
        signal: request.signal,
      });
      if ("error" in result && result.error.code === "invalid_response") {
        return new HttpResponse('{"simulated": "garbled answer", "items": [{"id": ', {
          status: 200,
          headers: { "Content-Type": "application/json" },
        });
      }
      return HttpResponse.json(result.body, { status: result.status });
    });
  });
}
