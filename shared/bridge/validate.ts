// The one place requests and responses are checked against the contract; both hosts call it.
import { type z } from 'zod';
import { BridgeError, calls, type CallArgs, type CallName, type CallResponse } from './contract';

/** True when `name` is a call in the contract (guards against prototype keys and typos). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}

/** Validates a request payload; throws BridgeError('invalid-request') with field-level issues. */
export function parseRequest<K extends CallName>(name: K, payload: unknown): CallArgs<K> {
  const result = calls[name].request.safeParse(payload ?? {});
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new BridgeError(
      'invalid-request',
      `Invalid request for ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return result.data as CallArgs<K>;
}

/** Validates a handler's result before it leaves the host (a bug here must not leak odd data). */
export function parseResponse<K extends CallName>(name: K, payload: unknown): CallResponse<K> {
  const result = calls[name].response.safeParse(payload);
  if (!result.success) {
    throw new BridgeError(
      'invalid-response',
      `The host produced an invalid response for ${name}.`,
      issuesOf(result.error),
    );
  }
  return result.data as CallResponse<K>;
}

/** Turns anything thrown by a handler into the wire error shape, never leaking stack traces. */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  return new BridgeError('internal', error instanceof Error ? error.message : 'Unexpected error');
}
