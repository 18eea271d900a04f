// The data-use notice on its own (from the sign-in screen, before anything is sent). Lazy-loaded.
import { Dialog } from '../../ui/Dialog';
import { DataUse } from './DataUse';
import './privacy.css';

/** "What Duet sends where" as a dialog. */
export default function DataUseDialog(props: { onClose(): void }) {
  return (
    <Dialog title="What Duet sends where" onClose={props.onClose}>
      <DataUse />
    </Dialog>
  );
}
