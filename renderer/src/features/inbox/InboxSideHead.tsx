// The head of the inbox's list: the search box and, when not searching, the filter tabs.
import { type RefObject } from 'react';
import { type InboxFilter } from '../../data/repos/inbox';
import { SearchIcon } from './icons';

/** The message search box; Escape clears it. */
export function InboxSearchBox(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery: (q: string) => void;
}) {
  const { inputRef, query, onQuery } = props;
  return (
    <label className="inbox-search">
      <SearchIcon />
      <input
        ref={inputRef}
        type="search"
        placeholder="Search messages, comments, posts"
        aria-label="Search messages, comments and posts"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onQuery('');
        }}
      />
    </label>
  );
}

/** All / Messenger / Instagram (when the Page has an Instagram account) / Unread, with the unread count. */
export function InboxFilters(props: {
  filter: InboxFilter;
  onFilter: (f: InboxFilter) => void;
  hasInstagram: boolean;
  unread: number;
}) {
  const { filter, onFilter, hasInstagram, unread } = props;
  const filters: Array<{ id: InboxFilter; label: string }> = [
    { id: 'all', label: 'All' },
    { id: 'messenger', label: 'Messenger' },
    ...(hasInstagram ? [{ id: 'instagram' as const, label: 'Instagram' }] : []),
    { id: 'unread', label: unread ? `Unread · ${unread}` : 'Unread' },
  ];
  return (
    <div className="inbox-filters" role="tablist" aria-label="Filter conversations">
      {filters.map((f) => (
        <button
          key={f.id}
          role="tab"
          aria-selected={filter === f.id}
          className="chip"
          onClick={() => onFilter(f.id)}
        >
          {f.label}
        </button>
      ))}
    </div>
  );
}
