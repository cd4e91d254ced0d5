// Runs the changesets CLI on Node 20. Its bin calls module.enableCompileCache, which only
// exists from Node 22.1; the CLI itself works on Node 20, so load it directly.
// Usage: pnpm changeset [add|status|version] …
await import("@changesets/cli");
