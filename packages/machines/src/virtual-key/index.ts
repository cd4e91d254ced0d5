export { virtualKeyMachine, virtualKeyActors, virtualKeyActions } from "./virtual-key.machine.js";
export type { VirtualKeyMachine } from "./virtual-key.machine.js";
export { virtualKeyFlow, VirtualKeyFact, needsVirtualKey } from "./virtual-key.flow.js";
export type { VirtualKeyParams } from "./virtual-key.flow.js";
export { connectVirtualKey } from "./virtual-key.connect.js";
export type { VirtualKeySnapshot, VirtualKeyView } from "./virtual-key.connect.js";
export type * from "./virtual-key.types.js";
