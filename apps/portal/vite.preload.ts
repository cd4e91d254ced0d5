import type { IndexHtmlTransformContext, Plugin } from "vite";

type OutputBundle = NonNullable<IndexHtmlTransformContext["bundle"]>;
type OutputChunk = NonNullable<IndexHtmlTransformContext["chunk"]>;

/**
 * Adds `<link rel="modulepreload">` to the built index.html for the chunks of the given
 * modules and everything they import statically, so the browser fetches them alongside the
 * entry chunk instead of one after the other (entry → flow → first step). Modules are
 * matched by the end of their path, e.g. "src/web/portal.flow.tsx"; a module that is not a
 * chunk of its own (inlined, or gone) is skipped with a warning, never a broken link.
 */
export function preloadChunks(modules: readonly string[]): Plugin {
  return {
    name: "onflex:preload-chunks",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const bundle: OutputBundle | undefined = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((output): output is OutputChunk => output.type === "chunk");
        const entry = chunks.find((chunk) => chunk.isEntry);
        const already = new Set<string>(entry ? [entry.fileName, ...entry.imports] : []);
        const wanted: string[] = [];
        const add = (fileName: string) => {
          if (already.has(fileName)) return;
          already.add(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type !== "chunk") return;
          // Its own imports first: a module's dependencies are needed before it can run.
          for (const dependency of chunk.imports) add(dependency);
          wanted.push(fileName);
        };
        for (const module of modules) {
          const chunk = chunks.find((candidate) => candidate.facadeModuleId?.replaceAll("\\", "/").endsWith(module));
          if (!chunk) {
            this.warn?.(`preloadChunks: no chunk of its own for ${module}`);
            continue;
          }
          add(chunk.fileName);
        }
        return wanted.map((fileName) => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `/${fileName}` }, injectTo: "head" as const }));
      },
    },
  };
}
