// The list of every keyboard shortcut (`?`): the commands' keys from shared/commands.ts, then the keys that work
// inside one part of the window.
import { FOCUSED_KEYS } from '../../../../shared/commands';
import { Dialog } from '../../ui/Dialog';
import { shortcutRows } from './entries';
import './palette.css';

/** The shortcut list dialog. */
export default function ShortcutsDialog(props: { mac: boolean; onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <table className="shortcuts-table">
        <caption>Anywhere in Duet</caption>
        <tbody>
          {shortcutRows(props.mac).map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.label}</th>
              <td>
                <kbd>{r.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="settings-hint">Keys without Ctrl or ⌘ don’t act while you are typing in a field.</p>
      <table className="shortcuts-table">
        <caption>Where the focus is</caption>
        <tbody>
          {FOCUSED_KEYS.map((k) => (
            <tr key={`${k.where}:${k.keys}`}>
              <th scope="row">
                {k.where}: {k.does}
              </th>
              <td>
                <kbd>{k.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
