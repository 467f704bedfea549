/** True on macOS (keyboard hints say ⌘ there; Cmd is the command key). */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}
