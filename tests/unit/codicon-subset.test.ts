/**
 * Monaco's icon font cut down to the icons Monaco can show (src/integrations/codicon-subset.ts). The
 * rendered editor's icons are checked against the served font in tests/e2e/editor-lazy.test.ts.
 */
import { readFile } from 'node:fs/promises';
import * as hb from 'harfbuzzjs';
import { describe, expect, test } from 'vitest';
import { CODICON_FONT, codiconTables, iconIdsIn, iconIdsInMonaco, subsetCodicon } from '../../src/integrations/codicon-subset.ts';

const tables = await codiconTables();

function codePointsOf(font: Uint8Array): Set<number> {
  const face = new hb.Face(new hb.Blob(font));
  return new Set(face.collectUnicodes());
}

describe('the icons in a piece of code', () => {
  test('are the known ids named by Codicon.<name>, a $(id) label or a codicon-<id> class', () => {
    const source = [
      "registerIcon('suggest-more-info', Codicon.chevronRight, 'More');",
      "label.textContent = '$(sync~spin) Loading';",
      "element.className = 'codicon codicon-close';",
      'Codicon.noSuchIcon; // not an icon',
      "'codicon-modifier-spin' // a modifier class, not an icon",
    ].join('\n');
    expect([...iconIdsIn(source, tables)].sort()).toEqual(['chevron-right', 'close', 'sync']);
  });

  test('a derived icon keeps its own id and draws the glyph of the icon it stands for', () => {
    expect([...iconIdsIn('Codicon.dialogError', tables)]).toEqual(['dialog-error']);
    expect(tables.codePointOfId.get('dialog-error')).toBe(tables.codePointOfId.get('error'));
  });
});

describe('the icons Monaco can show', async () => {
  const ids = await iconIdsInMonaco(tables);

  test("include what a sandbox's editor draws: folding, find, suggestions, problems, code actions", () => {
    const shown = ['chevron-down', 'chevron-right', 'fold', 'unfold', 'case-sensitive', 'whole-word', 'regex', 'preserve-case', 'replace', 'replace-all', 'arrow-up', 'arrow-down', 'close'];
    const kinds = ['symbol-method', 'symbol-function', 'symbol-variable', 'symbol-keyword', 'symbol-property', 'symbol-class', 'symbol-interface', 'symbol-module'];
    for (const id of [...shown, ...kinds, 'error', 'warning', 'info', 'light-bulb']) expect(ids, id).toContain(id);
  });

  test("leave out VS Code's own icons, which no editor widget draws", () => {
    for (const id of ['github', 'azure', 'terminal', 'git-commit', 'debug-alt']) expect(ids, id).not.toContain(id);
    expect(ids.size).toBeLessThan(tables.codePointOfId.size / 4);
  });

  test('the subset font has a glyph for every one of them, no other, and is under a fifth of the original', async () => {
    const original = await readFile(CODICON_FONT);
    const subset = await subsetCodicon(ids, tables);
    const wanted = new Set([...ids].map((id) => tables.codePointOfId.get(id)!));
    expect(codePointsOf(subset)).toEqual(wanted);
    const inOriginal = codePointsOf(original);
    expect([...wanted].filter((codePoint) => !inOriginal.has(codePoint))).toEqual([]);
    expect(subset.length).toBeLessThan(original.length / 5);
  });
});
