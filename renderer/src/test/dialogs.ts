// jsdom has <dialog> but not its modal methods: component tests of dialogs give it these (Chromium's real ones are
// exercised by the e2e specs). Unit tests only.

/** Makes showModal/close open and close a <dialog> in jsdom (leaves real implementations alone). */
export function stubModalDialogs(): void {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
