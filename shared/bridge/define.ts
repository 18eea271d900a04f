// Building blocks of the bridge contract: a call is a request schema and a response schema; an event is a payload
// schema. Everything that crosses the bridge is described here once, and every host is typed from it.
import { type z } from 'zod';

/** One bridge call: a single argument object in, a result out; both validated with zod. */
export interface CallSpec<Req extends z.ZodTypeAny = z.ZodTypeAny, Res extends z.ZodTypeAny = z.ZodTypeAny> {
  request: Req;
  response: Res;
  /** One line for humans (shown in docs and errors). */
  summary: string;
}

/** Declares a call (identity function that keeps the schema types). */
export function call<Req extends z.ZodTypeAny, Res extends z.ZodTypeAny>(spec: CallSpec<Req, Res>) {
  return spec;
}

/** One event pushed from the host to the renderer. */
export interface EventSpec<P extends z.ZodTypeAny = z.ZodTypeAny> {
  payload: P;
  summary: string;
}

/** Declares an event. */
export function event<P extends z.ZodTypeAny>(spec: EventSpec<P>) {
  return spec;
}
