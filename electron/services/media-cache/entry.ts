// One cached file as the index records it, and the file name of a key+variant.
import { createHash } from 'node:crypto';
import type { MediaVariant } from '../../../shared/media-url';

/** One cached file as recorded in the index. */
export interface Entry {
  key: string;
  variant: MediaVariant;
  size: number;
  mime: string;
  lastAccess: number;
}

/** The file name of a key+variant: a sha256, so nothing from a request ever becomes part of a path. */
export function mediaEntryId(key: string, variant: MediaVariant): string {
  return createHash('sha256').update(`${variant}\n${key}`).digest('hex');
}
