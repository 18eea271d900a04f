// Sizes in words a person reads ("12.5 MB"), for every panel that shows one.

/** "512 B", "1.5 KB", "12.5 MB", "1.25 GB"; "—" when unknown. */
export function bytesText(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
