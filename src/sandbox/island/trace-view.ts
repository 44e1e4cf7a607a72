/**
 * Draws an error from the program's stderr the way stack-trace.ts cleaned it: a plain sentence for
 * syntax errors and missing modules, the trace with the learner's locations as buttons that open the
 * file in the editor, and the untouched trace behind "Show full trace".
 */
import { cleanTrace, splitLocations, type SourceLocation } from '../stack-trace.ts';
import { stripAnsi } from '../output-format.ts';
import { uiText } from '../ui-strings.ts';
import type { FileTree } from '../runtime.ts';

export type OpenLocation = (location: SourceLocation) => void;

/** A button that opens `location` in the editor; the pane handles its clicks (one listener for all). */
export function locationButton(location: SourceLocation, text: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'out-location';
  button.dataset.path = location.path;
  button.dataset.line = String(location.line);
  if (location.column !== undefined) button.dataset.column = String(location.column);
  button.textContent = text;
  button.setAttribute('aria-label', uiText('output.openLocation', { path: location.path, line: location.line }));
  return button;
}

/** Reads the location off a clicked button made by locationButton. */
export function locationOf(button: HTMLElement): SourceLocation | undefined {
  const { path, line, column } = button.dataset;
  if (!path || !line) return undefined;
  return { path, line: Number(line), ...(column ? { column: Number(column) } : {}) };
}

/** The whole error as one block of the pane. */
export function traceBlock(raw: string, files: FileTree): HTMLElement {
  const clean = cleanTrace(raw, files);
  const block = document.createElement('div');
  block.className = 'out-block out-trace';
  if (clean.explanation) {
    const explain = document.createElement('p');
    explain.className = 'out-explain';
    explain.append(clean.explanation);
    if (clean.location) explain.append(' ', locationButton(clean.location, `${clean.location.path}:${clean.location.line}`));
    block.append(explain);
  }
  const trace = document.createElement('span');
  trace.className = 'out-stderr';
  trace.dataset.stream = 'stderr-trace';
  for (const part of splitLocations(clean.text, (path) => Object.hasOwn(files, path))) {
    trace.append(typeof part === 'string' ? part : locationButton(part, part.text));
  }
  block.append(trace);
  if (clean.hiddenFrames > 0 || clean.text.trim() !== stripAnsi(raw).trim()) {
    const details = document.createElement('details');
    details.className = 'out-full-trace';
    const summary = document.createElement('summary');
    summary.textContent = uiText('output.fullTrace', { hidden: clean.hiddenFrames });
    const full = document.createElement('pre');
    full.textContent = stripAnsi(raw);
    details.append(summary, full);
    block.append(details);
  }
  return block;
}
