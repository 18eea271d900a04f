// How a feed card, a gallery tile or the media viewer opens one post's comments beside it: Home provides the
// function, the cards call it with the post's or medium's store id. Absent (null) outside Home.
import { createContext } from 'react';

/** Opens the comments of a post / medium (by store id), or null where there is nowhere to show them. */
export const OpenCommentsContext = createContext<((postId: string) => void) | null>(null);
