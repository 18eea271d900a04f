// "What Duet keeps on this computer": per kind of data, how many items, their estimated size and the dates they
// cover; the media cache (this account's files beside every account's); the token (present, masked, never shown).
import { bytesText } from '../../ui/bytes';
import { fullTime } from '../../ui/time';
import { type Inventory } from './use-inventory';

const day = (ms: number | undefined) => (ms === undefined ? '' : fullTime(ms).split(',')[0]);
const files = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'file' : 'files'}`;

/** The stored-data section. */
export function StoredData(props: { inventory: Inventory | null; masked?: string; vault: string }) {
  const inv = props.inventory;
  if (!inv) return <p>Counting what is stored…</p>;
  return (
    <>
      <table className="privacy-table" aria-label="Stored for this account">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Items</th>
            <th scope="col">Size (estimate)</th>
            <th scope="col">Dates</th>
          </tr>
        </thead>
        <tbody>
          {inv.lines.map((l) => (
            <tr key={l.kind} data-kind={l.kind} data-count={l.count}>
              <th scope="row">{l.label}</th>
              <td>{l.count.toLocaleString()}</td>
              <td>{bytesText(l.bytes)}</td>
              <td>{l.from === undefined ? '—' : `${day(l.from)} – ${day(l.to)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="settings-hint">
        In this app’s local database. Sizes count each item written as text; indexes (for search) come on top
        — the whole database, every account included, takes {bytesText(inv.storeBytes)} by the browser’s own
        estimate.
      </p>
      <dl className="privacy-facts">
        <dt>Pictures and videos</dt>
        <dd data-testid="media-cache-account" data-count={inv.accountMediaCache?.entries}>
          {inv.accountMediaCache
            ? `${files(inv.accountMediaCache.entries)}, ${bytesText(inv.accountMediaCache.bytes)} for this account`
            : 'Unknown for this account'}
          {inv.mediaCache
            ? `; ${files(inv.mediaCache.entries)}, ${bytesText(inv.mediaCache.bytes)} of at most ${bytesText(inv.mediaCache.maxBytes)} for every account, in the media-cache folder of Duet’s data folder`
            : ''}
        </dd>
        <dt>Access token</dt>
        <dd>
          Present{props.masked ? ` (${props.masked})` : ''}, kept by {props.vault}; never shown or exported
        </dd>
      </dl>
    </>
  );
}
