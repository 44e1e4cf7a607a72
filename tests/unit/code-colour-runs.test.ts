import { describe, expect, test } from 'vitest';
import { colourPairOf, decodeColourRuns, encodeColourRuns, MAX_PAIRS, type ColourRun } from '../../src/lib/code-colour-runs.ts';

const keyword = 'a0111f-ff9492';
const text = '032563-addcff';

describe('colour runs in a code block attribute', () => {
  test('round-trips runs in text order, naming each pair with one letter and leaving out zero gaps', () => {
    const runs: ColourRun[] = [
      { pair: keyword, start: 0, length: 6 },
      { pair: text, start: 6, length: 4 },
      { pair: keyword, start: 50, length: 1_300 },
    ];
    const encoded = encodeColourRuns([runs[2]!, runs[0]!, runs[1]!]);
    // 50 - 10 = 40 = "14" and 1,300 = "104" in base 36.
    expect(encoded).toBe(`${keyword} ${text}|A.6B.4A14.104`);
    expect(decodeColourRuns(encoded)).toEqual(runs);
  });

  test('drops empty runs and refuses overlapping runs or malformed pairs', () => {
    expect(encodeColourRuns([{ pair: keyword, start: 3, length: 0 }])).toBe('|');
    expect(decodeColourRuns('|')).toEqual([]);
    expect(() => encodeColourRuns([{ pair: keyword, start: 0, length: 5 }, { pair: text, start: 4, length: 2 }])).toThrow(/Overlapping colour runs at character 4/);
    expect(() => encodeColourRuns([{ pair: '#a0111f-#ff9492', start: 0, length: 1 }])).toThrow(/Not a colour pair/);
  });

  test(`names at most ${MAX_PAIRS} pairs in one block`, () => {
    const pairs = Array.from({ length: MAX_PAIRS + 1 }, (_, index) => `${index.toString(16).padStart(6, '0')}-ffffff`);
    const runs = pairs.map((pair, index) => ({ pair, start: index, length: 1 }));
    expect(() => encodeColourRuns(runs.slice(0, MAX_PAIRS))).not.toThrow();
    expect(() => encodeColourRuns(runs)).toThrow(`More than ${MAX_PAIRS} colour pairs`);
  });

  test('a malformed attribute costs colours, never an exception: decoding stops at the first bad run', () => {
    expect(decodeColourRuns(`${keyword}|A.6Z.3A.2`)).toEqual([{ pair: keyword, start: 0, length: 6 }]);
    expect(decodeColourRuns(`${keyword}|A.6?A.2`)).toEqual([{ pair: keyword, start: 0, length: 6 }]);
    expect(decodeColourRuns('red-blue|A.6')).toEqual([]);
    expect(decodeColourRuns('')).toEqual([]);
  });

  test("reads a token's pair only when its style is exactly its light and dark colour", () => {
    expect(colourPairOf('--shiki-light:#A0111F;--shiki-dark:#FF9492')).toBe(keyword);
    expect(colourPairOf('--shiki-dark:#FF9492; --shiki-light:#A0111F;')).toBe(keyword);
    expect(colourPairOf('--shiki-light:#A0111F')).toBeUndefined();
    expect(colourPairOf('--shiki-light:#A0111F;--shiki-light-font-weight:bold;--shiki-dark:#FF9492')).toBeUndefined();
    expect(colourPairOf('--shiki-light:#A0111F;--shiki-dark:red')).toBeUndefined();
  });
});
