export { waitForTransitionMachine, waitForTransitionActors, waitForTransitionActions, LONG_WAIT_MS } from "./wait-for-transition.machine.js";
export type { WaitForTransitionMachine } from "./wait-for-transition.machine.js";
export { waitForTransitionFlow } from "./wait-for-transition.flow.js";
export type { WaitForTransitionFlowParams } from "./wait-for-transition.flow.js";
export { connectWaitForTransition } from "./wait-for-transition.connect.js";
export type { WaitForTransitionSnapshot, WaitForTransitionView } from "./wait-for-transition.connect.js";
export type * from "./wait-for-transition.types.js";
