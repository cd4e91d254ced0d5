export { testChargeMachine, testChargeActors, testChargeActions } from "./test-charge.machine.js";
export type { TestChargeMachine, TestChargeState } from "./test-charge.machine.js";
export { testChargeFlow, TestChargeFact } from "./test-charge.flow.js";
export { connectTestCharge } from "./test-charge.connect.js";
export type { TestChargeSnapshot, TestChargeView, TestChargeProgress } from "./test-charge.connect.js";
export { TEST_CHARGE_PRECONDITIONS } from "./test-charge.types.js";
export type * from "./test-charge.types.js";
