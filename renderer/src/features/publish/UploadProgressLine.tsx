// How far a target's file upload has got, in the Posts view's target row: "Uploading 12.4 of 40 MB to Instagram —
// 31 %" with a native progress bar. The numbers come from the in-memory progress source (throttled there), and the
// line is gone once the target moves on.
import { useCallback, useSyncExternalStore } from 'react';
import { type PublishNetwork } from '../../data/db';
import { type TargetProgress } from '../../data/publish/upload-progress';
import { useApp } from '../../app/context';
import { uploadProgressFor } from './publish-queue';
import { NETWORK_NAME } from './use-composer';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');

/** The words of a progress reading. */
export function uploadWords(p: TargetProgress, network: PublishNetwork): string {
  const pct = p.totalBytes ? Math.floor((p.sentBytes / p.totalBytes) * 100) : 0;
  const amount = `${mb(p.sentBytes)} of ${mb(p.totalBytes)} MB`;
  return p.phase === 'to-host'
    ? `Preparing the file: ${amount} — ${pct} %`
    : `Uploading ${amount} to ${NETWORK_NAME[network]} — ${pct} %`;
}

/** The upload line of one target, or nothing while no upload of it is under way. */
export function UploadProgressLine(props: { targetId: string; network: PublishNetwork }) {
  const { bridge } = useApp();
  const source = uploadProgressFor(bridge);
  const { targetId } = props;
  const subscribe = useCallback((l: () => void) => source.subscribe(targetId, l), [source, targetId]);
  const p = useSyncExternalStore(subscribe, () => source.get(targetId));
  if (!p) return null;
  const words = uploadWords(p, props.network);
  return (
    <span className="post-upload" data-testid="upload-progress">
      <progress
        max={p.totalBytes || 1}
        value={p.sentBytes}
        aria-label={`Upload to ${NETWORK_NAME[props.network]}`}
        aria-valuetext={words}
      />
      <span>{words}</span>
    </span>
  );
}
