import { fileURLToPath } from "node:url";

// Source-first workspace: tools resolve @onflex/* to the TypeScript sources, so tests,
// Storybook and the apps never need a build. Published packages resolve through
// each package's "exports" to dist/ instead. Keep in sync with tsconfig.base.json "paths".
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const onflexAliases = [
  // The stylesheet is not a module entry, so it needs its own alias.
  { find: /^@onflex\/react\/styles\.css$/, replacement: at("./packages/react/src/styles.css") },
  { find: /^@onflex\/core\/(msw|openapi)$/, replacement: at("./packages/core/src/$1/index.ts") },
  { find: /^@onflex\/core$/, replacement: at("./packages/core/src/index.ts") },
  { find: /^@onflex\/machines$/, replacement: at("./packages/machines/src/index.ts") },
  { find: /^@onflex\/react$/, replacement: at("./packages/react/src/index.ts") },
  { find: /^@onflex\/embed\/(server|react)$/, replacement: at("./packages/embed/src/$1/index.ts") },
  { find: /^@onflex\/embed$/, replacement: at("./packages/embed/src/index.ts") },
];
