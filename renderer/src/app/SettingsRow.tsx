// One labelled row of the Settings dialog: label and hint on the left, the control on the right.
import { type ReactNode } from 'react';
import { type Settings, type SettingsPatch } from '../../../shared/bridge/calls/settings';

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

/** The settings that are on/off switches. */
type SwitchSetting = {
  [K in keyof Settings]-?: Settings[K] extends boolean ? K : never;
}[keyof Settings];

/** A row whose control is a switch bound to one boolean setting (it follows the stored value once saved). */
export function SwitchRow(props: {
  label: string;
  hint: string;
  id: string;
  setting: SwitchSetting;
  settings: Settings;
  apply: (patch: SettingsPatch) => unknown;
}) {
  const { setting } = props;
  return (
    <Row label={props.label} hint={props.hint} htmlFor={props.id}>
      <input
        id={props.id}
        type="checkbox"
        className="switch"
        checked={props.settings[setting]}
        onChange={(e) => void props.apply({ [setting]: e.target.checked })}
      />
    </Row>
  );
}
