// The window's command registry for React: the shell provides it, any view registers what it can do.
import { createContext, useContext, useEffect, useRef } from 'react';
import { type CommandId } from '../../../../shared/commands';
import { type CommandRegistry } from './registry';

/** The window's registry (null outside the signed-in shell, e.g. a component rendered alone in a test). */
export const CommandsContext = createContext<CommandRegistry | null>(null);

/** The window's registry, if any. */
export function useCommandRegistry(): CommandRegistry | null {
  return useContext(CommandsContext);
}

/**
 * Makes `id` run `run` while the calling component is mounted (and `when()` is true). The latest `run`/`when` are
 * used, so they may close over state without re-registering.
 */
export function useCommand(id: CommandId, run: () => void, when?: () => boolean): void {
  const registry = useContext(CommandsContext);
  const latest = useRef({ run, when });
  useEffect(() => {
    latest.current = { run, when };
  });
  useEffect(() => {
    if (!registry) return;
    return registry.register(id, {
      run: () => latest.current.run(),
      when: () => latest.current.when?.() ?? true,
    });
  }, [registry, id]);
}

/**
 * Registers several handlers on `registry` for as long as the caller is mounted (the shell, which provides the
 * registry and so cannot read it from context). The latest handlers are used without re-registering.
 */
export function useCommandHandlers(
  registry: CommandRegistry,
  handlers: Partial<Record<CommandId, { run(): void; when?: () => boolean }>>,
): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const ids = Object.keys(handlers).join(' ');
  useEffect(() => {
    const offs = (ids.split(' ') as CommandId[]).map((id) =>
      registry.register(id, {
        run: () => latest.current[id]?.run(),
        when: () => Boolean(latest.current[id]) && (latest.current[id]?.when?.() ?? true),
      }),
    );
    return () => offs.forEach((off) => off());
  }, [registry, ids]);
}

/** Runs commands from the keyboard (anywhere in the window) and from the app menu (Electron's app/command-chosen). */
export function useCommandInput(
  registry: CommandRegistry,
  onMenuCommand: (listener: (p: { id: CommandId }) => void) => () => void,
): void {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (registry.handleKey(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    const off = onMenuCommand(({ id }) => void registry.run(id));
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [registry, onMenuCommand]);
}
