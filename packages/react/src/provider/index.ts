export { OnflexProvider, type OnflexProviderProps } from "./onflex.provider.js";
export { useClock, useI18n, useOnboardingApi, useOnflex, useT, type OnflexContextValue } from "./onflex.context.js";
