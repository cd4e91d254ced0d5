export { OnflexProvider, type OnflexProviderProps } from "./onflex.provider.js";
export { useClock, useFlowDeps, useI18n, useOnboardingApi, useOnflex, useT, type OnflexContextValue } from "./onflex.context.js";
export { openInBrowser } from "./external.js";
