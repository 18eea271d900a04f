// settings/*: the user's settings; changing where Duet sends tokens needs the user's yes in host UI.
import { BridgeError } from '../../../shared/bridge/contract';
import { ENDPOINT_SOURCES, type EndpointChange, type SettingsService } from '../session/settings';
import type { HostPlatform } from '../types';
import type { HostParts, NamespaceHandlers } from './types';

/**
 * Changing where Duet sends tokens (Graph API, login dialog, token broker) needs the user's yes in host UI the page
 * cannot script: a script in the renderer could otherwise point the broker at its own collector and receive the next
 * Facebook Login token. Hosts without such UI (the browser host) refuse; there these are set at start-up.
 */
async function confirmEndpointChanges(
  platform: HostPlatform,
  settings: SettingsService,
  changes: EndpointChange[],
): Promise<void> {
  const names = changes.map((c) => ENDPOINT_SOURCES[c.key]);
  if (!platform.confirm) {
    throw new BridgeError(
      'forbidden',
      `In the browser version these are set when you start Duet: ${names
        .map((n) => `${n.label} with ${n.flag} or ${n.env}`)
        .join('; ')}. Nothing was changed.`,
      changes.map((c) => ({ path: c.key, message: 'Set when Duet starts' })),
    );
  }
  const yes = await platform.confirm({
    title: 'Duet',
    message:
      changes.length === 1
        ? `Send your Facebook sign-in to a new ${names[0]!.label.replace(/ URL$/, '')} address?`
        : 'Send your Facebook sign-in to new addresses?',
    detail: [
      ...changes.map((c) => `${ENDPOINT_SOURCES[c.key].label}: ${c.from || '(none)'} → ${c.to || '(none)'}`),
      '',
      'Duet will send your access token there. Change this only if you typed it yourself; if you did not, choose Cancel.',
    ].join('\n'),
    confirmLabel: 'Change',
  });
  // The settings may have changed while the question was open: ask again rather than apply an unseen change.
  if (
    yes &&
    JSON.stringify(settings.endpointChanges(Object.fromEntries(changes.map((c) => [c.key, c.to])))) !==
      JSON.stringify(changes)
  )
    throw new BridgeError(
      'forbidden',
      'The connection settings changed while Duet was asking. Nothing was changed; please try again.',
    );
  if (!yes)
    throw new BridgeError('forbidden', 'You did not confirm the new address, so nothing was changed.');
}

/** The settings/* handlers. */
export function settingsHandlers({ platform, settings }: HostParts): NamespaceHandlers<'settings'> {
  return {
    'settings/get': async () => settings.get(),
    'settings/set': async (patch) => {
      const changes = settings.endpointChanges(patch);
      if (changes.length) await confirmEndpointChanges(platform, settings, changes);
      return settings.set(patch);
    },
  };
}
