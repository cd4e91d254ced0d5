import { describe, expect, it } from "vitest";
import { OnflexError, SANDBOX, createSandboxApi, decodeOperationInput, matchOperation, operationIds, operations, serveOperation } from "@onflex/core";

describe("matchOperation", () => {
  it("finds every operation of the table from its own method and path", () => {
    for (const id of operationIds) {
      const { method, path } = operations[id];
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => `value-of-${name}`);
      const match = matchOperation(method.toLowerCase(), concrete);
      expect(match?.id).toBe(id);
      for (const [name, value] of Object.entries(match?.params ?? {})) expect(value).toBe(`value-of-${name}`);
    }
  });

  it("decodes path params and ignores a trailing slash", () => {
    expect(matchOperation("GET", "/v1/addresses/a%2Fb%20c/meters/")).toEqual({ id: "meters.byAddress", params: { addressId: "a/b c" } });
  });

  it("wizard routes: ids with : and . decode; the rewind route is not mistaken for a step", () => {
    expect(matchOperation("POST", "/v1/wizards/w%3A1/steps/address.v2")).toEqual({ id: "wizard.answer", params: { wizardId: "w:1", stepId: "address.v2" } });
    expect(matchOperation("POST", "/v1/wizards/w1/rewind")).toEqual({ id: "wizard.rewind", params: { wizardId: "w1" } });
    expect(matchOperation("GET", "/v1/wizards/w1")).toEqual({ id: "wizard.get", params: { wizardId: "w1" } });
    expect(matchOperation("POST", "/v1/wizards")).toEqual({ id: "wizard.start", params: {} });
    expect(matchOperation("GET", "/v1/wizards/w1/steps/address")).toBeUndefined();
  });

  it("answers undefined for an unknown route, a wrong method or a broken escape", () => {
    expect(matchOperation("GET", "/v1/nothing")).toBeUndefined();
    expect(matchOperation("DELETE", "/v1/addresses")).toBeUndefined();
    expect(matchOperation("GET", "/v1/meters/%E0%A4%A")).toBeUndefined();
    expect(matchOperation("GET", "/v1/addresses/x/y/meters")).toBeUndefined();
  });
});

describe("decodeOperationInput", () => {
  it("GET: params plus query; POST: params plus body", () => {
    expect(decodeOperationInput("addresses.search", {}, new URLSearchParams("postcode=sw1a+1aa"), undefined)).toEqual({ postcode: "sw1a 1aa" });
    expect(decodeOperationInput("consents.terms", { proposition: "limited_pause" }, {}, undefined)).toEqual({ proposition: "limited_pause" });
    expect(decodeOperationInput("eligibility.check", {}, {}, { mpan: SANDBOX.mpans.domestic, assetModel: "x" })).toEqual({
      mpan: SANDBOX.mpans.domestic,
      assetModel: "x",
    });
  });

  it("rejects bad input with every issue listed", () => {
    try {
      decodeOperationInput("consents.record", {}, {}, { mpan: "123", proposition: "", termsVersion: "v", givenAt: "now" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OnflexError);
      const issues = (error as OnflexError).details["issues"] as { path: string }[];
      expect(issues.map((i) => i.path).sort()).toEqual(["givenAt", "mpan", "proposition"]);
    }
    expect(() => decodeOperationInput("eligibility.check", {}, {}, [1, 2])).toThrow(OnflexError);
  });
});

describe("serveOperation", () => {
  const api = createSandboxApi();
  const request = (method: string, pathname: string, query = "", body?: unknown) => ({
    method,
    pathname,
    query: new URLSearchParams(query),
    readJson: async () => body,
  });

  it("answers 200 with the operation's output", async () => {
    const result = await serveOperation(api, request("GET", "/v1/addresses", "postcode=E1%206AN"));
    expect(result).toEqual({ status: 200, id: "addresses.search", body: { postcode: "E1 6AN", addresses: [] } });
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "%5F%5Fproto%5F%5F"])(
    "GET /v1/propositions/%s/terms: 404 not_found, nothing inherited is served",
    async (name) => {
      const result = await serveOperation(api, request("GET", `/v1/propositions/${name}/terms`));
      expect(result).toMatchObject({ status: 404, id: "consents.terms", body: { error: { code: "not_found" } } });
    },
  );

  it("an error whose code is not one of Onflex's (rebuilt from JSON) is a 500, not a lookup on Object.prototype", async () => {
    const odd = OnflexError.fromJSON({ code: "constructor" as never, message: "odd", retryable: false, details: {} });
    const failing = { ...api, consents: { ...api.consents, terms: () => Promise.reject(odd) } };
    expect(await serveOperation(failing, request("GET", "/v1/propositions/limited_pause/terms"))).toMatchObject({ status: 500 });
  });

  it("maps errors to statuses and the contract's error body", async () => {
    expect(await serveOperation(api, request("GET", `/v1/meters/${SANDBOX.mpans.unknown}`))).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
    expect(await serveOperation(api, request("GET", "/v1/addresses", "postcode=nope"))).toMatchObject({
      status: 422,
      body: { error: { code: "validation", details: { issues: [{ path: "postcode" }] } } },
    });
    expect(await serveOperation(api, request("GET", "/v1/unknown"))).toMatchObject({ status: 404, id: undefined });
    const badJson = { ...request("POST", "/v1/eligibility/check"), readJson: () => Promise.reject(new SyntaxError("bad")) };
    expect(await serveOperation(api, badJson)).toMatchObject({ status: 422, body: { error: { code: "validation" } } });
  });
});
