/** A step the server completes by itself: waiting for the tariff switch or the device to go live. */
export const enGBWaitForTransition = {
  "waitForTransition.TARIFF_SWITCH.heading": "Switching you to your new tariff",
  "waitForTransition.TARIFF_SWITCH.body": "Your test charge passed, so your supplier is now moving you to the new tariff. This usually takes a few minutes.",
  "waitForTransition.TARIFF_SWITCH.done": "Your new tariff is confirmed",
  "waitForTransition.DEVICE_LIVE.heading": "Finishing setting up your device",
  "waitForTransition.DEVICE_LIVE.body": "We're running the last checks so we can manage your charging. This usually takes a minute or two.",
  "waitForTransition.DEVICE_LIVE.done": "Your device is ready",
  "waitForTransition.comeBack": "You don't need to stay on this page: close it if you like, and we'll pick up here when you come back.",
  "waitForTransition.longWait.title": "This is taking longer than usual",
  "waitForTransition.longWait.body": "Nothing needs doing on your side. You can close this page and come back later: we'll carry on from here.",
  "waitForTransition.check": "Check now",
  "waitForTransition.checking": "Checking…",
  "waitForTransition.waiting.status": "Still waiting. We'll check again shortly.",
  "waitForTransition.exit": "Leave sign-up",
  "waitForTransition.failed.heading": "We couldn't check how things are going",
  "waitForTransition.done.body": "Taking you to the next step…",
} as const;
