// The settings that decide where Duet sends tokens, as plain data (no zod: the renderer's Settings screen imports
// this module; the settings calls' schemas in calls/settings.ts import the same names).

/** The settings that decide where Duet sends tokens; changing one from the renderer needs the user's confirmation. */
export const ENDPOINT_KEYS = ['graphBaseUrl', 'loginDialogUrl', 'tokenBrokerUrl'] as const;
/** One of ENDPOINT_KEYS. */
export type EndpointKey = (typeof ENDPOINT_KEYS)[number];
/** How each endpoint is named to the user, and how the browser host sets it (command-line flag / environment). */
export const ENDPOINT_SOURCES: Record<EndpointKey, { label: string; flag: string; env: string }> = {
  graphBaseUrl: { label: 'Graph API URL', flag: '--graph-url', env: 'DUET_GRAPH_URL' },
  loginDialogUrl: { label: 'Login dialog URL', flag: '--login-url', env: 'DUET_LOGIN_URL' },
  tokenBrokerUrl: { label: 'Token broker URL', flag: '--token-broker-url', env: 'DUET_TOKEN_BROKER_URL' },
};
