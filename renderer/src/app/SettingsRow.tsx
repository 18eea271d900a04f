// One labelled row of the Settings dialog: label and hint on the left, the control on the right.
import { type ReactNode } from 'react';

/** A settings row. */
export function Row(props: { label: string; hint?: ReactNode; htmlFor?: string; children: ReactNode }) {
  return (
    <div className="settings-row">
      <div className="settings-label">
        <label htmlFor={props.htmlFor}>{props.label}</label>
        {props.hint && <p className="settings-hint">{props.hint}</p>}
      </div>
      <div className="settings-control">{props.children}</div>
    </div>
  );
}
