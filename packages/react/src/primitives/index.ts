export { Button, type ButtonProps } from "./button.js";
export { TextField, type TextFieldProps } from "./field.js";
export { ErrorAlert, type ErrorAlertProps } from "./alert.js";
export { LiveStatus } from "./status.js";
export { HeadingFocusContext, HeadingFocusScope, StepHeading, useHeadingFocus } from "./heading.js";
export { RadioGroup, type RadioGroupProps, type RadioOption } from "./radio-group.js";
