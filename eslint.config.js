import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "storybook-static/**", "**/.onflex/**", "test-results/**", "playwright-report/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["packages/react/**/*.{ts,tsx}", "packages/embed/src/react/**/*.{ts,tsx}", "apps/**/*.{ts,tsx}", "examples/**/*.{ts,tsx}", ".storybook/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  // The dependency rule (ARCHITECTURE.md): imports only point down, core and machines are
  // headless, and nothing in packages/ reaches into apps/. One block per layer, because a
  // later block's rule replaces an earlier one's rather than merging with it.
  {
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["react", "react-dom", "react/*", "xstate", "@onflex/machines", "@onflex/react", "@onflex/embed", "@onflex/embed/*", "**/apps/**"] }],
      "no-restricted-globals": ["error", "window", "document", "localStorage", "sessionStorage", "navigator"],
    },
  },
  {
    files: ["packages/machines/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["react", "react-dom", "react/*", "@onflex/react", "@onflex/embed", "@onflex/embed/*", "**/apps/**"] }],
      "no-restricted-globals": ["error", "window", "document", "localStorage", "sessionStorage", "navigator"],
    },
  },
  {
    files: ["packages/react/src/**/*.{ts,tsx}", "packages/embed/src/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/apps/**", "@onflex/demo", "@onflex/portal"] }] },
  },
  // Examples are host code: they import the packages' public entries, as a host does, and
  // nothing from Next.js, which is not installed (the examples are typechecked and tested without it).
  {
    files: ["examples/*/app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/packages/**", "@onflex/*/src/**", "**/apps/**", "next", "next/*"] }] },
  },
);
