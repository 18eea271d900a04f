// The account switcher: one entry per Page (with its linked Instagram account). The choice persists in settings.
import { useEffect, useRef, useState } from 'react';
import { type Account } from '../../../shared/models';
import { Avatar } from '../ui/Avatar';
import { CheckIcon, ChevronDownIcon, InstagramMark } from '../ui/icons';
import { useApp } from './context';

/** Header control showing the current Page + IG account, with a menu of the others. */
export function AccountSwitcher(props: {
  accounts: Account[];
  current: Account;
  onSelect(id: string): void;
}) {
  const { bridge } = useApp();
  const { accounts, current, onSelect } = props;
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLUListElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = (id: string) => {
    setOpen(false);
    button.current?.focus();
    if (id !== current.id) onSelect(id);
  };

  return (
    <div className="account-switcher">
      <button
        ref={button}
        className="account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        disabled={accounts.length < 2}
        title={accounts.length < 2 ? current.name : 'Switch Page'}
      >
        <Avatar name={current.name} picture={current.picture} bridge={bridge} size={28} />
        <span className="account-names">
          <span className="account-name">{current.name}</span>
          <span className="account-sub">
            {current.instagram ? (
              <>
                <InstagramMark size={12} /> @{current.instagram.username}
              </>
            ) : (
              'No Instagram account linked'
            )}
          </span>
        </span>
        {accounts.length > 1 && <ChevronDownIcon size={16} />}
      </button>
      {open && (
        <ul
          ref={menu}
          className="account-menu"
          role="menu"
          aria-label="Pages"
          onKeyDown={(e) => {
            const items = Array.from(
              menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [],
            );
            const i = items.indexOf(document.activeElement as HTMLElement);
            if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
            else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
            else if (e.key === 'Escape') {
              setOpen(false);
              button.current?.focus();
            } else return;
            e.preventDefault();
          }}
        >
          {accounts.map((a) => (
            <li key={a.id} role="none">
              <button
                role="menuitemradio"
                aria-checked={a.id === current.id}
                className="account-menu-item"
                onClick={() => choose(a.id)}
              >
                <Avatar name={a.name} picture={a.picture} bridge={bridge} size={32} />
                <span className="account-names">
                  <span className="account-name">{a.name}</span>
                  <span className="account-sub">
                    {a.instagram ? `@${a.instagram.username}` : 'No Instagram account linked'}
                  </span>
                </span>
                {a.id === current.id && <CheckIcon size={16} />}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
