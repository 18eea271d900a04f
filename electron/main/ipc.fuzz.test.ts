// Bridge fuzzing (Electron host): arbitrary payloads to every call either reach the handler as schema-valid
// arguments or come back as a clean invalid-request wire error — never a crash, a raw exception or a handler call
// with unvalidated data.
import type { IpcMainInvokeEvent } from 'electron';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  BridgeError,
  callNames,
  calls,
  channelOf,
  type BridgeErrorShape,
  type CallHandlers,
} from '../../shared/bridge/contract';
import { registerBridge } from './ipc';

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

const REACHED = 'reached the handler';

function setup() {
  const registered = new Map<string, Listener>();
  const received: Array<{ name: string; args: unknown }> = [];
  const handlers = Object.fromEntries(
    callNames.map((name) => [
      name,
      vi.fn(async (args: unknown) => {
        received.push({ name, args });
        throw new BridgeError('internal', REACHED);
      }),
    ]),
  ) as unknown as CallHandlers;
  registerBridge(
    { handle: (channel: string, l: Listener) => registered.set(channel, l), removeHandler: vi.fn() } as never,
    handlers,
    () => true,
    () => undefined,
  );
  return { registered, received };
}

function wireShape(error: unknown): BridgeErrorShape {
  expect(error).toBeInstanceOf(Error);
  const text = (error as Error).message;
  return JSON.parse(text.slice(text.indexOf('{'))) as BridgeErrorShape;
}

describe('bridge fuzzing (Electron host)', () => {
  const { registered, received } = setup();
  const event = { senderFrame: { url: 'app://duet/index.html' } } as unknown as IpcMainInvokeEvent;

  it.each(callNames)('%s: random payloads are validated or refused cleanly', async (name) => {
    const listener = registered.get(channelOf(name))!;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.anything(), fc.object(), fc.dictionary(fc.string(), fc.jsonValue())),
        async (payload) => {
          received.length = 0;
          let shape: BridgeErrorShape | null = null;
          try {
            await listener(event, payload);
          } catch (error) {
            shape = wireShape(error);
          }
          expect(shape).not.toBeNull();
          const expected = calls[name].request.safeParse(payload ?? {});
          if (expected.success) {
            expect(shape).toMatchObject({ code: 'internal', message: REACHED });
            expect(received).toEqual([{ name, args: expected.data }]);
          } else {
            expect(shape!.code).toBe('invalid-request');
            expect(shape!.message).toContain(name);
            expect(received).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
