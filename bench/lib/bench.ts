/** What every scenario works with: the browser context, the app's origins and the bench pages that seed the store. */
import { type BrowserContext, type Page } from '@playwright/test';
import { type BrowserHost } from '../../electron/browser-host/server';
import { type SeedPlan } from '../pages/bench-entry';

/** A seeding step's plan (the account, picture refs and base time are filled in). */
export type Plan = Omit<SeedPlan, 'accountId' | 'refs' | 'base'>;

/** The running bench. */
export interface Bench {
  context: BrowserContext;
  /** The app's origin (signed in, the store the figures grow). */
  appUrl: string;
  /** The signed-in demo Page's account id. */
  accountId: string;
  /** The bench page on the app's origin. */
  benchPage: Page;
  /** Same build, same session, another origin: an empty store (the empty-shell baseline). */
  emptyHost: BrowserHost;
  /** A third origin that keeps the 5k-message store while the main one grows. */
  smallHost: BrowserHost;
  /** The bench page on `smallHost`. */
  smallBench: Page;
  /** Seeds the store of a bench page, then lets IndexedDB settle. */
  seedOn(bp: Page, label: string, plan: Plan): Promise<void>;
  /** Seeds the app's store. */
  seed(label: string, plan: Plan): Promise<void>;
}

/** `to - from` conversations from `from` on with `each` messages. */
export const msgPlan = (from: number, to: number, each: number): Array<[number, number, number]> =>
  Array.from({ length: to - from }, (_, i) => [from + i, 0, each]);
