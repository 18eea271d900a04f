// Paging arguments shared by every list call: a Graph cursor and a page size within Meta's maximum of 100.
import { z } from 'zod';

/** Graph's opaque `after` cursor, as the previous page returned it. */
export const cursor = z.string().max(2048).optional();
/** Items per page; Meta serves at most 100. */
export const limit = z.number().int().min(1).max(100).optional();
