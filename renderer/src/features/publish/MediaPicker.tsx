// The composer's files: a file picker, drag-and-drop and paste; previews in publishing order, each with Move
// earlier / Move later (buttons, so the keyboard reorders too), Remove, and alt text for Instagram images.
import { type ClipboardEvent, type DragEvent, useId, useState } from 'react';
import { type ComposerMedia } from './use-composer';

/** Reads what the rules need from a file: its kind, size, and its picture size or video length. */
export async function measure(file: File): Promise<ComposerMedia | null> {
  const kind = file.type.startsWith('video/') ? 'video' : file.type.startsWith('image/') ? 'image' : null;
  if (!kind) return null;
  const url = URL.createObjectURL(file);
  const base: ComposerMedia = {
    id: crypto.randomUUID(),
    name: file.name || (kind === 'image' ? 'pasted image' : 'video'),
    mime: file.type,
    kind,
    bytes: file.size,
    blob: file,
    url,
  };
  if (kind === 'image') {
    const size = await new Promise<{ width: number; height: number } | null>((resolve) => {
      const img = new Image();
      img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
      img.onerror = () => resolve(null);
      img.src = url;
    });
    return size ? { ...base, ...size } : base;
  }
  const meta = await new Promise<{ width: number; height: number; durationMs: number } | null>((resolve) => {
    const v = document.createElement('video');
    v.preload = 'metadata';
    v.onloadedmetadata = () =>
      resolve(
        Number.isFinite(v.duration)
          ? { width: v.videoWidth, height: v.videoHeight, durationMs: Math.round(v.duration * 1000) }
          : null,
      );
    v.onerror = () => resolve(null);
    v.src = url;
  });
  return meta ? { ...base, ...meta } : base;
}

/** The files of the post. */
export function MediaPicker(props: {
  media: ComposerMedia[];
  onChange: (media: ComposerMedia[]) => void;
  multiple: boolean;
  accept: string;
  /** Alt text is asked for when the post goes to Instagram. */
  altText: boolean;
  describedBy?: string | undefined;
}) {
  const { media, onChange, multiple } = props;
  const inputId = useId();
  const [over, setOver] = useState(false);
  const [note, setNote] = useState('');

  async function add(files: File[]) {
    const measured = (await Promise.all(files.map(measure))).filter((m): m is ComposerMedia => !!m);
    const refused = files.length - measured.length;
    setNote(
      refused
        ? `${refused} file${refused === 1 ? ' is' : 's are'} not a picture or a video and ${refused === 1 ? 'was' : 'were'} left out.`
        : '',
    );
    if (!measured.length) return;
    onChange(multiple ? [...media, ...measured] : measured.slice(0, 1));
  }
  const move = (i: number, by: number) => {
    const next = [...media];
    const [m] = next.splice(i, 1);
    next.splice(i + by, 0, m!);
    onChange(next);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void add([...e.dataTransfer.files]);
  };
  const onPaste = (e: ClipboardEvent) => {
    const files = [...e.clipboardData.files];
    if (!files.length) return;
    e.preventDefault();
    void add(files);
  };

  return (
    <div className="media-picker" onPaste={onPaste}>
      <div
        className={`media-drop${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="media-drop"
      >
        <label htmlFor={inputId} className="btn">
          {multiple ? 'Add photos or videos' : 'Choose a file'}
        </label>
        <input
          id={inputId}
          type="file"
          className="visually-hidden"
          accept={props.accept}
          multiple={multiple}
          aria-describedby={props.describedBy}
          onChange={(e) => {
            void add([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
          data-testid="media-input"
        />
        <span className="media-drop-hint">or drop files here, or paste a picture</span>
      </div>
      {note && (
        <p className="field-note" role="status">
          {note}
        </p>
      )}
      {media.length > 0 && (
        <ol className="media-list" aria-label="Attached files, in publishing order">
          {media.map((m, i) => (
            <li key={m.id} className="media-item" data-testid="media-item">
              {m.kind === 'image' && !m.width ? (
                // The browser could not read the picture (an empty or damaged file): an empty box, not a broken image.
                <span className="media-thumb" aria-hidden />
              ) : m.kind === 'image' ? (
                <img src={m.url} alt="" className="media-thumb" />
              ) : (
                <video src={m.url} className="media-thumb" muted aria-hidden />
              )}
              <div className="media-item-body">
                <span className="media-name">
                  {i + 1}. {m.name}{' '}
                  <span className="media-facts">
                    {m.kind === 'image' ? 'photo' : 'video'}
                    {m.width && m.height ? ` · ${m.width}×${m.height}` : ''}
                    {m.durationMs !== undefined ? ` · ${Math.round(m.durationMs / 100) / 10} s` : ''}
                  </span>
                </span>
                {props.altText && m.kind === 'image' && (
                  <label className="media-alt">
                    Alt text for Instagram
                    <input
                      type="text"
                      value={m.altText ?? ''}
                      maxLength={1000}
                      onChange={(e) =>
                        onChange(media.map((x) => (x.id === m.id ? { ...x, altText: e.target.value } : x)))
                      }
                    />
                  </label>
                )}
                <div className="media-actions">
                  {media.length > 1 && (
                    <>
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        Move earlier<span className="visually-hidden">: {m.name}</span>
                      </button>
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={i === media.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        Move later<span className="visually-hidden">: {m.name}</span>
                      </button>
                    </>
                  )}
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => onChange(media.filter((x) => x.id !== m.id))}
                  >
                    Remove<span className="visually-hidden">: {m.name}</span>
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
