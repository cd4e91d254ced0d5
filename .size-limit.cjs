// Size budgets for what users download: each package's BUILT browser entry (run
// `pnpm build` first), minified and gzipped. Budgets count a package's own code only; its
// dependencies are listed in `ignore` because an app pays for them once, whoever imports them.
// Each limit sits about 10-15% above the measured figure, so growth is a decision, not a drift.
const react = ["react", "react-dom", "react/jsx-runtime"];

module.exports = [
  {
    name: "@onflex/core",
    path: "packages/core/dist/index.js",
    ignore: ["zod"],
    gzip: true,
    limit: "12 kB",
  },
  {
    name: "@onflex/machines",
    path: "packages/machines/dist/index.js",
    ignore: ["xstate", "@onflex/*"],
    gzip: true,
    limit: "10 kB",
  },
  {
    name: "@onflex/react",
    path: "packages/react/dist/index.js",
    ignore: [...react, "@xstate/react", "xstate", "react-hook-form", "@hookform/resolvers", "zod", "@onflex/*"],
    gzip: true,
    limit: "25 kB",
  },
  {
    name: "@onflex/embed (browser)",
    path: "packages/embed/dist/index.js",
    ignore: ["zod", "@onflex/*"],
    gzip: true,
    limit: "6 kB",
  },
  {
    name: "@onflex/embed/react",
    path: "packages/embed/dist/react/index.js",
    ignore: [...react, "zod", "@onflex/*"],
    gzip: true,
    limit: "6 kB",
  },
];
