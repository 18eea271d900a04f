// How a Graph call fails: the classified error and the phase it failed in.
import type { ClassifiedGraphError } from '../../../shared/graph/errors';

/** Where a failure happened: before the request left (not delivered), after (maybe delivered), or Meta answered. */
export type FailurePhase = 'before-send' | 'after-send' | 'response';

/** A failed Graph call, classified. `phase` tells a sender whether the request may have been processed. */
export class GraphCallError extends Error {
  constructor(
    readonly info: ClassifiedGraphError,
    readonly phase: FailurePhase,
  ) {
    super(info.message);
    this.name = 'GraphCallError';
  }
}
