export { addressMachine, addressActors } from "./address.machine.js";
export { addressFlow } from "./address.flow.js";
export type { AddressMachine } from "./address.machine.js";
export { connectAddress } from "./address.connect.js";
export type { AddressSnapshot, AddressView } from "./address.connect.js";
export type * from "./address.types.js";
