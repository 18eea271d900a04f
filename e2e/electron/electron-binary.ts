// Whether this machine has an Electron binary the Electron specs can launch. The binary is downloaded from GitHub
// when `electron` is installed; on our build machines that download is impossible, so these specs skip there.
import { electronBinaryHere } from '../../scripts/start-electron.mjs';

/** The Electron executable for this checkout, or null when it was never downloaded. */
export function electronBinaryPath(): string | null {
  return electronBinaryHere();
}

/** True when the Electron specs can run here. */
export function electronBinaryAvailable(): boolean {
  return electronBinaryPath() !== null;
}
