import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Own-property lookups only: a file named `x.__proto__` or `x.constructor` has no type. */
const CONTENT_TYPES = new Map<string, string>([
  [".js", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".svg", "image/svg+xml"],
  [".png", "image/png"],
  [".woff2", "font/woff2"],
  [".json", "application/json"],
  [".map", "application/json"],
]);
const COMPRESSIBLE = new Set([".js", ".css", ".svg", ".json", ".map"]);
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

interface Encoded {
  raw: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
  type: string;
}

export interface AssetAnswer {
  body: Buffer;
  headers: Record<string, string>;
}

/** Which encoding to send: brotli, else gzip, else none, by the client's Accept-Encoding (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return null;
}

/**
 * The web app's hashed assets (Vite's `dist/assets`), compressed once and kept in memory:
 * brotli (quality 11) and gzip (level 9) are made when a file is first asked for, or ahead of
 * that by `warm()` at start, on libuv's thread pool rather than the event loop. A hashed name
 * never changes content, so each answer is cacheable for a year (`immutable`), with
 * `Vary: Accept-Encoding` so caches keep the encodings apart. Compressing at the first
 * request rather than at build time keeps the build as it is; it costs one compression per
 * file per process start and the memory of three copies of a few hundred kB.
 */
export function createStaticAssets(webRoot: string) {
  const dir = join(webRoot, "assets");
  const cache = new Map<string, Promise<Encoded | null>>();

  async function encode(file: string): Promise<Encoded | null> {
    const type = CONTENT_TYPES.get(extname(file));
    if (!type) return null;
    const path = join(dir, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const raw = await readFile(path);
    if (!COMPRESSIBLE.has(extname(file)) || raw.length < 1024) return { raw, gzip: null, br: null, type };
    const [br, gz] = await Promise.all([
      brotli(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
      gzipAsync(raw, { level: 9 }),
    ]);
    return { raw, type, br: br.length < raw.length ? br : null, gzip: gz.length < raw.length ? gz : null };
  }

  function load(file: string): Promise<Encoded | null> {
    let found = cache.get(file);
    if (!found) {
      found = encode(file);
      cache.set(file, found);
      // A file that is not there (yet) is looked for again next time, not remembered as missing.
      void found.then((value) => value === null && cache.delete(file), () => cache.delete(file));
    }
    return found;
  }

  return {
    async serve(file: string, acceptEncoding: string | undefined): Promise<AssetAnswer | null> {
      if (!FILE_NAME.test(file)) return null;
      const encoded = await load(file);
      if (!encoded) return null;
      const encoding = pickEncoding(acceptEncoding);
      const body = (encoding === "br" ? encoded.br : encoding === "gzip" ? encoded.gzip : null) ?? encoded.raw;
      const headers: Record<string, string> = {
        "Content-Type": encoded.type,
        "Cache-Control": "public, max-age=31536000, immutable",
        Vary: "Accept-Encoding",
      };
      if (body !== encoded.raw) headers["Content-Encoding"] = encoding as string;
      return { body, headers };
    },
    /** Compresses every asset in the background, so no visitor waits for it. */
    async warm(): Promise<void> {
      const files = await readdir(dir).catch(() => [] as string[]);
      for (const file of files) if (FILE_NAME.test(file)) await load(file).catch(() => null);
    },
  };
}
