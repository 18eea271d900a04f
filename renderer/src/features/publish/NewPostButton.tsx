// "New post" in a column header: runs the window's publish/new command (the composer opens the same way from the
// toolbar, Ctrl+N, the menu and the palette).
import { useCommandRegistry } from '../../app/commands/context';
import { ComposeIcon } from '../../ui/icons';

/** A small "New post" button; renders nothing outside the signed-in shell. */
export function NewPostButton({ where }: { where: string }) {
  const registry = useCommandRegistry();
  if (!registry) return null;
  return (
    <button
      className="btn btn-sm column-new-post"
      onClick={() => registry.run('publish/new')}
      aria-label={`New post (from the ${where})`}
      title="New post"
    >
      <ComposeIcon size={14} /> New post
    </button>
  );
}
