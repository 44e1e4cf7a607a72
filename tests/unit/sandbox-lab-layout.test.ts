import { describe, expect, test } from 'vitest';
import { DEFAULT_LAB_SIZES, clampSize, hashOpensLab, labHash, parseLabSizes, sizeForKey } from '../../src/sandbox/lab/layout-state.ts';
import { firstDifferenceLine } from '../../src/sandbox/lab/diff-layout.ts';

describe('lab layout state', () => {
  test('stored sizes are repaired field by field and kept within bounds', () => {
    expect(parseLabSizes(null)).toEqual(DEFAULT_LAB_SIZES);
    expect(parseLabSizes('not json')).toEqual(DEFAULT_LAB_SIZES);
    expect(parseLabSizes('{"task":40,"editor":"big","output":99}')).toEqual({ task: 40, editor: DEFAULT_LAB_SIZES.editor, output: 70 });
    expect(clampSize('task', 2)).toBe(15);
    expect(clampSize('editor', Number.NaN)).toBe(DEFAULT_LAB_SIZES.editor);
  });

  test('arrow keys follow the separator orientation; Shift takes bigger steps; Home and End go to the limits', () => {
    expect(sizeForKey('task', 25, 'ArrowRight', false, 'vertical')).toBe(27);
    expect(sizeForKey('task', 25, 'ArrowLeft', true, 'vertical')).toBe(15);
    expect(sizeForKey('task', 25, 'ArrowUp', false, 'vertical')).toBeUndefined();
    expect(sizeForKey('editor', 55, 'ArrowUp', false, 'horizontal')).toBe(53);
    expect(sizeForKey('editor', 55, 'ArrowDown', true, 'horizontal')).toBe(65);
    expect(sizeForKey('output', 33, 'Home', false, 'vertical')).toBe(20);
    expect(sizeForKey('output', 33, 'End', false, 'vertical')).toBe(70);
  });

  test('the hash names the sandbox; a bare #lab means the first one on the page', () => {
    expect(labHash('ws-chat')).toBe('#lab-ws-chat');
    expect(hashOpensLab('#lab-ws-chat', 'ws-chat', false)).toBe(true);
    expect(hashOpensLab('#lab-ws-chat', 'polling-etag', true)).toBe(false);
    expect(hashOpensLab('#lab', 'polling-etag', true)).toBe(true);
    expect(hashOpensLab('#lab', 'ws-chat', false)).toBe(false);
    expect(hashOpensLab('#try-it', 'ws-chat', true)).toBe(false);
  });

  test('Compare reveals the first change on each side, also for a pure insertion', () => {
    expect(firstDifferenceLine([])).toBeUndefined();
    expect(firstDifferenceLine([{ originalStartLineNumber: 58, originalEndLineNumber: 59, modifiedStartLineNumber: 58, modifiedEndLineNumber: 58 }])).toEqual({ original: 58, modified: 58 });
    expect(firstDifferenceLine([{ originalStartLineNumber: 0, originalEndLineNumber: 0, modifiedStartLineNumber: 3, modifiedEndLineNumber: 9 }])).toEqual({ original: 1, modified: 3 });
  });
});
