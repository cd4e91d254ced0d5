import { tempDir } from "./portal.fixture.js";
import { storageSuite } from "./storage.suite.js";

// Embedded PGlite with its data directory on disk: what `pnpm --filter @onflex/portal start` uses.
storageSuite("PGlite on disk", async () => {
  const dir = await tempDir("pglite");
  return {
    options: { dataDir: dir.path },
    cleanup: () => dir.remove(),
  };
});
