// The optional token broker: a server the user runs that swaps Facebook Login's short-lived token for a long-lived
// one (the app secret stays on that server). Any failure keeps the short-lived token.
import { safeEndpointUrl } from '../../../shared/security/endpoint-url';
import type { LoginAnswer } from './login-flow';
import type { SettingsService } from './settings';

/** What the broker exchange needs from the session service. */
export interface BrokerDeps {
  settings: SettingsService;
  fetch: typeof fetch;
  log: (line: string) => void;
}

/** Exchanges the token at the configured broker; returns the answer unchanged when none is set or it fails. */
export async function exchangeAtBroker(deps: BrokerDeps, answer: LoginAnswer): Promise<LoginAnswer> {
  const configured = deps.settings.get().tokenBrokerUrl;
  if (!configured) return answer;
  // Checked again right before the token leaves (the settings schema checks it too): https or loopback only.
  const broker = safeEndpointUrl(configured);
  if (!broker) {
    deps.log('session: token broker address refused (not https); keeping the short-lived token');
    return answer;
  }
  try {
    const res = await deps.fetch(broker, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: answer.token, app_id: deps.settings.get().appId }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (res.ok && typeof body.access_token === 'string' && body.access_token.length > 10) {
      return {
        token: body.access_token,
        expiresIn: typeof body.expires_in === 'number' ? body.expires_in : null,
      };
    }
    deps.log(`session: token broker answered ${res.status}; keeping the short-lived token`);
  } catch {
    deps.log('session: token broker unreachable; keeping the short-lived token');
  }
  return answer;
}
