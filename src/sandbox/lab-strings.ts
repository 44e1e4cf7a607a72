/**
 * Words of the lab view, the two-tab notice and Compare's inline mode. Kept apart from ui-strings.ts
 * (same shape: `{name}` placeholders filled by labText) so the parts of the sandbox UI that several
 * people change at once do not all edit one table.
 */
export const labUi = {
  'lab.open': 'Open lab view',
  'lab.openTitle': 'Open this exercise full-screen: the task beside the editor, output and preview',
  'lab.close': 'Back to the article',
  'lab.closeHint': '(Esc outside the editor)',
  'lab.dialogLabel': 'Lab view: {title}',
  'lab.task': 'Task',
  'lab.fromLesson': 'From the lesson',
  'lab.opened': 'Lab view open. The task is on the left; the editor, output and preview on the right. Press Escape outside the editor, or the "Back to the article" button, to return.',
  'lab.closed': 'Back in the article. The editor and any running program are as you left them.',
  'lab.resizeTask': 'Resize the task and the code',
  'lab.resizeEditor': 'Resize the editor and the output',
  'lab.resizeOutput': 'Resize the output and the preview',
  'compare.headingInline': 'Your code and the solution in one column: lines only in your code are marked removed (−), lines only in the solution added (+).',
  'compare.firstDifference': 'Showing the first difference, at line {line}.',
  'sync.newer': 'Another tab saved newer code for this exercise at {time}. Your edits here are not saved until you choose.',
  'sync.load': 'Load the newer version',
  'sync.keep': 'Keep mine',
  'sync.loaded': 'Loaded the newer code from the other tab.',
  'sync.kept': 'Kept your code here and saved it; the other tab will be asked the same.',
  'sync.held': 'Not saved: another tab has newer code',
} as const;

export type LabUiKey = keyof typeof labUi;

export function labText(key: LabUiKey, values: Record<string, string | number> = {}): string {
  return labUi[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
