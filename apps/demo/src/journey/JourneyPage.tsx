import { SandboxHints } from "./SandboxHints.js";
export function JourneyPage() {
  return <SandboxHints />;
}
