// Size budgets for what users download: each package's BUILT browser entry (run
// `pnpm build` first), minified and gzipped. Budgets count a package's own code only; its
// dependencies are listed in `ignore` because an app pays for them once, whoever imports them.
// Each limit sits about 12-14% above the figure measured when it was set (in the comment), so
// growth is a decision, not a drift: raise a limit in the same change that explains why.
const react = ["react", "react-dom", "react/jsx-runtime"];

module.exports = [
  {
    name: "@onflex/core",
    path: "packages/core/dist/index.js",
    ignore: ["zod"],
    gzip: true,
    limit: "9.3 kB", // measured 8.22 kB
  },
  {
    name: "@onflex/machines",
    path: "packages/machines/dist/index.js",
    ignore: ["xstate", "@onflex/*"],
    gzip: true,
    limit: "6.6 kB", // measured 5.83 kB
  },
  {
    name: "@onflex/react",
    path: "packages/react/dist/index.js",
    ignore: [...react, "@xstate/react", "xstate", "react-hook-form", "@hookform/resolvers", "zod", "@onflex/*"],
    gzip: true,
    limit: "11.2 kB", // measured 9.95 kB
  },
  {
    name: "@onflex/embed (browser)",
    path: "packages/embed/dist/index.js",
    ignore: ["zod", "@onflex/*"],
    gzip: true,
    // Protocol 2: the host parses every fact of a completion with core's schemas, guards
    // open-ended facts as bounded plain JSON, dispatches to named callbacks and sends `resume`;
    // the portal side got its own zod-free guards (the entry below).
    limit: "5.4 kB", // measured 4.76 kB
  },
  {
    // What the portal's first chunk pays to talk to its host. Nothing is ignored, so a
    // run-time import of zod or @onflex/core from the sending side blows this budget.
    name: "@onflex/embed (portal side: createPortalBridge)",
    path: "packages/embed/dist/index.js",
    import: "{ createPortalBridge }",
    gzip: true,
    limit: "3.1 kB", // measured 2.72 kB
  },
  {
    name: "@onflex/embed/react",
    path: "packages/embed/dist/react/index.js",
    ignore: [...react, "zod", "@onflex/*"],
    gzip: true,
    // Protocol 2 (see "@onflex/embed (browser)") plus the ref handle with resume().
    limit: "4.2 kB", // measured 3.7 kB
  },
];
