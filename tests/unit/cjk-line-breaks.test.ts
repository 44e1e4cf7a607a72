import { describe, expect, test } from 'vitest';
import type { Element, ElementContent, Root } from 'hast';
import { joinFoldedWideStrings, joinFoldedWideText, joinWideLineBreaks, joinWideLineBreaksInTree } from '../../src/i18n/cjk-line-breaks.ts';

const text = (value: string) => ({ type: 'text' as const, value });
const element = (tagName: string, children: ElementContent[]): Element => ({ type: 'element', tagName, properties: {}, children });

describe('line breaks in Japanese prose', () => {
  test('a break between two Japanese characters goes; one next to Latin letters or digits stays a space', () => {
    expect(joinWideLineBreaks('接続を開いたままにします。\n  次に、サーバーは')).toBe('接続を開いたままにします。次に、サーバーは');
    expect(joinWideLineBreaks('ブラウザの\nEventSource が')).toBe('ブラウザの\nEventSource が');
    expect(joinWideLineBreaks('HTTP/2\nでは')).toBe('HTTP/2\nでは');
    expect(joinWideLineBreaks('（RFC 6455）\n「フレーム」')).toBe('（RFC 6455）「フレーム」');
    expect(joinWideLineBreaks('plain English\nstays as it is')).toBe('plain English\nstays as it is');
  });

  test('folded YAML: a space between two Japanese characters goes, spaces around Latin words stay', () => {
    expect(joinFoldedWideText('単方向の通信です。 チャットは WebSocket を使います。')).toBe('単方向の通信です。チャットは WebSocket を使います。');
    expect(joinFoldedWideStrings({ q: ['遅延が 最悪', 7], why: { a: 'A b' } })).toEqual({ q: ['遅延が最悪', 7], why: { a: 'A b' } });
  });

  test('in a page: joins across inline elements, never inside code', () => {
    const tree: Root = {
      type: 'root',
      children: [
        element('p', [text('まずは\n'), element('strong', [text('接続')]), text('\nを開きます。\nそして'), element('code', [text('a\nb')]), text(' です')]),
        element('pre', [element('code', [text('const a = 1;\n// 日本\n語')])]),
      ],
    };
    joinWideLineBreaksInTree(tree);
    const [p, pre] = tree.children as Element[];
    expect(p!.children.map((child) => ('value' in child ? child.value : `<${(child as Element).tagName}>`))).toEqual(['まずは', '<strong>', 'を開きます。そして', '<code>', ' です']);
    expect(((p!.children[3] as Element).children[0] as { value: string }).value).toBe('a\nb');
    expect(((pre!.children[0] as Element).children[0] as { value: string }).value).toBe('const a = 1;\n// 日本\n語');
  });
});
