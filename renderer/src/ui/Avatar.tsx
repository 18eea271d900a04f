// A round avatar from the media cache, falling back to initials on a stable colour (never a broken image).
import { useState } from 'react';
import { type MediaRef } from '../../../shared/models';
import { type Bridge } from '../bridge';

const COLORS = ['#4c6ef5', '#12b886', '#f76707', '#ae3ec9', '#1c7ed6', '#e64980', '#0ca678', '#f59f00'];

/** Two initials of a name ("Alex Rivera" → "AR"). */
export function initialsOf(name: string | undefined): string {
  const parts = (name ?? '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => Array.from(p)[0]?.toUpperCase() ?? '').join('') || '?';
}

/** A stable colour per name. */
export function colorOf(name: string | undefined): string {
  let h = 0;
  for (const ch of name ?? '') h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

/** Avatar image with initials fallback. */
export function Avatar(props: {
  name?: string;
  picture?: MediaRef;
  size?: number;
  bridge: Bridge;
  ring?: 'instagram' | 'facebook';
}) {
  const { name, picture, size = 32, bridge, ring } = props;
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  return (
    <span className={`avatar${ring ? ` avatar-ring-${ring}` : ''}`} style={style} title={name}>
      {picture && !failed ? (
        <img
          src={bridge.mediaSrc(picture, 'thumb')}
          alt=""
          width={size}
          height={size}
          onError={() => setFailed(true)}
        />
      ) : (
        <span className="avatar-initials" style={{ background: colorOf(name) }} aria-hidden>
          {initialsOf(name)}
        </span>
      )}
    </span>
  );
}
