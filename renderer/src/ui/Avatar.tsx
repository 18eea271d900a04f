// A round avatar from the media cache, falling back to initials on a stable colour (never a broken image).
import { useState } from 'react';
import { type MediaRef } from '../../../shared/models';
import { type Bridge } from '../bridge';

/** The initials backgrounds (white initials on each must stay readable: checked in theme.test.ts). */
export const AVATAR_COLORS = [
  '#3b5bdb',
  '#087f5b',
  '#c92a2a',
  '#ae3ec9',
  '#1864ab',
  '#c2255c',
  '#0b7285',
  '#a35200',
];

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
  return AVATAR_COLORS[h % AVATAR_COLORS.length]!;
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
