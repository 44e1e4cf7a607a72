/** Sentences of the progress panel's code handling (export, import, reset); `{name}` is filled by panelText. */
export const panelUi = {
  exported: 'Progress and saved code for {count} exercises saved as {file}.',
  imported: 'Progress imported and merged with what was already here.',
  importedCode: 'Saved code restored for {restored} exercises.',
  keptNewer: 'For {ids} the code in this browser was newer and stays; the file\'s copy is kept beside it.',
  resetTitle: 'Reset progress?',
  resetText: 'This clears visited lessons, quiz answers and completed exercises in this browser. It cannot be undone unless you exported a copy first.',
  resetCode: 'Also delete my saved code for {count} exercises',
  resetNoCode: 'There is no saved code in this browser.',
  resetConfirm: 'Reset progress',
  resetCancel: 'Cancel',
  resetDoneKept: 'Progress reset: visits, quiz answers and completed exercises cleared. Your saved code for {count} exercises was kept.',
  resetDoneCleared: 'Progress reset: visits, quiz answers and completed exercises cleared, and the saved code for {count} exercises deleted.',
  resetCancelled: 'Nothing was reset.',
} as const;

export function panelText(key: keyof typeof panelUi, values: Record<string, string | number> = {}): string {
  return panelUi[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
