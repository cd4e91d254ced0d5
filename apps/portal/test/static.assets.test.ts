import { mkdir, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickEncoding } from "../src/server/static.assets.js";
import { startTestPortal, type TestPortal } from "./portal.fixture.js";

// The web app's JavaScript is most of what a household downloads: it goes out compressed
// (brotli or gzip, as the browser accepts), cacheable for a year under its hashed name,
// with Vary: Accept-Encoding so no cache hands one encoding to a client that asked for another.

const JS = `export const steps = [${Array.from({ length: 400 }, (_, i) => `{ id: "step-${i}", title: "Step ${i}" }`).join(", ")}];\n`;
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
  await mkdir(join(portal.webRoot, "assets"), { recursive: true });
  await writeFile(join(portal.webRoot, "assets", "index-Abc123.js"), JS);
  await writeFile(join(portal.webRoot, "assets", "logo-Def456.png"), PNG);
});
afterAll(() => portal.dispose());

/** The raw bytes and headers as sent (fetch would decode the body itself). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(new URL(path, portal.url), { headers: acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("static assets", () => {
  it("sends JavaScript brotli-compressed to a browser that accepts it, and much smaller", async () => {
    const answer = await get("/assets/index-Abc123.js", "gzip, deflate, br, zstd");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("br");
    expect(answer.headers.vary).toBe("Accept-Encoding");
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(answer.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(brotliDecompressSync(answer.body).toString("utf8")).toBe(JS);
    expect(answer.body.length).toBeLessThan(Buffer.byteLength(JS) / 5);
  });

  it("sends gzip when brotli is not accepted, and the file as it is when nothing is", async () => {
    const gzip = await get("/assets/index-Abc123.js", "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString("utf8")).toBe(JS);
    for (const header of [undefined, "identity", "br;q=0, gzip;q=0"]) {
      const plain = await get("/assets/index-Abc123.js", header);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toBe("Accept-Encoding");
      expect(plain.body.toString("utf8")).toBe(JS);
    }
  });

  it("does not compress images, which are compressed already", async () => {
    const png = await get("/assets/logo-Def456.png", "br, gzip");
    expect(png.headers["content-encoding"]).toBeUndefined();
    expect(png.body.equals(PNG)).toBe(true);
  });

  it("answers 404 for files that are not there or not assets", async () => {
    for (const path of ["/assets/missing.js", "/assets/..%2Findex.html", "/assets/.hidden.js", "/assets/index-Abc123.exe"]) {
      expect((await get(path, "br")).status, path).toBe(404);
    }
  });

  it.each([
    ["gzip, deflate, br", "br"],
    ["gzip", "gzip"],
    ["*", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["identity", null],
    ["", null],
    [undefined, null],
  ])("picks an encoding for Accept-Encoding %j", (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});
