// Offers a CSV file to save. Both hosts show the page in Chromium, which saves an `<a download>` of a Blob URL:
// the browser host to the browser's downloads, Electron to its default download folder (no file API is involved).
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
