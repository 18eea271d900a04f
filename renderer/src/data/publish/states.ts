// The publish queue's state machine as data: which event may move a target from which states, and to which state.
// Every automatic move goes through this table (`moveTarget` in ./steps.ts), as do the user's actions (./queue.ts);
// the README's table says the same in words.
import { type PublishTargetState } from '../db';

/** States in which a target's publish call may already have gone out (its outcome not known yet). */
export const MAYBE_PUBLISHED_STATES = [
  'publishing',
  'unconfirmed',
] as const satisfies readonly PublishTargetState[];

/** States the runner still works on (a published target is worked on only while its link is pending). */
export const WORK_STATES = [
  'queued',
  'uploading',
  'processing',
  'ready',
  'publishing',
  'unconfirmed',
  'scheduled',
] as const satisfies readonly PublishTargetState[];

/** States in which nothing can have reached Meta's publish call yet: the user may still edit or cancel. */
export const EDITABLE_STATES = ['draft', 'queued', 'failed'] as const satisfies readonly PublishTargetState[];

/** Where an event leaves a target: a state, the same state (a field update), or no row at all (cancelled). */
export type Target = PublishTargetState | 'unchanged' | 'removed';

/** Every move a target can make. `from` is checked in the same transaction as the write. */
export const TRANSITIONS = {
  /** Due: durably `uploading` before the files go up and the container is created (nothing goes live here). */
  prepare: { from: ['queued'], to: 'uploading' },
  /** The container / video id is known: written before it is polled. */
  prepared: { from: ['uploading'], to: 'processing' },
  /** Nothing to process first (a text post, Facebook photos already uploaded). */
  preparedReady: { from: ['uploading'], to: 'ready' },
  /** Preparing failed in a way worth retrying, or its answer was lost: nothing is live, prepare again later. */
  prepareAgain: { from: ['uploading', 'processing', 'ready'], to: 'queued' },
  /** Meta refused the files or the container (format, size, permission). */
  refused: { from: ['uploading', 'processing', 'ready', 'publishing', 'unconfirmed'], to: 'failed' },
  /** The container is still processing: look again later. */
  polled: { from: ['processing'], to: 'unchanged' },
  /** The container is FINISHED: it may be published. */
  finished: { from: ['processing'], to: 'ready' },
  /** Durably `publishing` (with the attempt time) before the one call that makes it live. */
  attempt: { from: ['ready'], to: 'publishing' },
  /** Meta's post/media id: written before the permalink is fetched. */
  published: { from: ['publishing', 'unconfirmed', 'processing', 'scheduled'], to: 'published' },
  /** Facebook accepted a native schedule: Facebook publishes it. */
  scheduledNative: { from: ['publishing', 'unconfirmed'], to: 'scheduled' },
  /** Refused before anything was done (throttling, 5xx before sending, 190): publish again later. */
  publishAgain: { from: ['publishing'], to: 'ready' },
  /** The publish call may have taken effect: reconcile before anything is retried. */
  ambiguous: { from: ['publishing'], to: 'unconfirmed' },
  /** A restart found it mid-publish: its fate is unknown. */
  interrupted: { from: ['publishing'], to: 'unconfirmed' },
  /** A restart found it mid-upload: nothing is live, prepare again. */
  interruptedPrepare: { from: ['uploading'], to: 'queued' },
  /** Reconciliation could not decide yet: look again later (or wait for the user). */
  recheck: { from: ['unconfirmed'], to: 'unchanged' },
  /** Reconciliation proved it is not live and its container can still be published. */
  notLive: { from: ['unconfirmed'], to: 'ready' },
  /** Reconciliation proved it is not live and its container is gone (expired): prepare again. */
  notLiveExpired: { from: ['unconfirmed'], to: 'queued' },
  /** The permalink and the feed/gallery row were fetched (or the tries ran out). */
  linked: { from: ['published'], to: 'unchanged' },
  /** A native schedule: not live yet, look again later. */
  scheduledWait: { from: ['scheduled'], to: 'unchanged' },
  /** A scheduled post was cancelled on Facebook. */
  scheduleGone: { from: ['scheduled'], to: 'failed' },
  /** The user pressed Retry on a failed target. */
  retry: { from: ['failed'], to: 'queued' },
  /** The user pressed Check again on a target that reconciliation could not settle. */
  checkAgain: { from: ['unconfirmed'], to: 'unchanged' },
  /** The user confirmed Publish again on an unconfirmed target (it may appear twice). */
  publishAnyway: { from: ['unconfirmed'], to: 'queued' },
  /** The user changed the text or time of a post waiting on Duet's own schedule (./schedule-edit.ts). */
  rescheduled: { from: ['queued'], to: 'unchanged' },
  /** Facebook accepted the user's change to its native schedule (it may have gone live with it since). */
  nativeEdited: { from: ['scheduled', 'published'], to: 'unchanged' },
  /** The user cancelled a post waiting on Duet's own schedule before it left the queue: its row goes. */
  cancelledLocal: { from: ['queued'], to: 'removed' },
  /** Facebook deleted the scheduled post at the user's request (the runner may have seen it gone first). */
  cancelledNative: { from: ['scheduled', 'failed'], to: 'removed' },
} as const satisfies Record<string, { from: readonly PublishTargetState[]; to: Target }>;

/** The name of a move of the table. */
export type PublishEvent = keyof typeof TRANSITIONS;
/** The moves that delete the target's row (repos/publish.ts `removeTargetsIf`) rather than update it. */
export type RemoveEvent = {
  [K in PublishEvent]: (typeof TRANSITIONS)[K]['to'] extends 'removed' ? K : never;
}[PublishEvent];
/** The moves that update the target's row. */
export type MoveEvent = Exclude<PublishEvent, RemoveEvent>;

/** True when `event` may move a target that is in `state`. */
export function canMove(event: PublishEvent, state: PublishTargetState): boolean {
  return (TRANSITIONS[event].from as readonly PublishTargetState[]).includes(state);
}
