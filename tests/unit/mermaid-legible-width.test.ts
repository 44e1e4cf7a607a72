import { describe, expect, it } from 'vitest';
import { parseSvg } from '../../src/integrations/mermaid/svg-markup.ts';
import { legibleWidth, MIN_LABEL_PX, smallestFontSize, viewBoxSize } from '../../src/integrations/mermaid/legible-width.ts';

const svg = (attrs: string, body = '') => parseSvg(`<svg ${attrs}>${body}</svg>`);

describe('legible width of a diagram', () => {
  it('is the viewBox width scaled so a 16-unit label renders at 11 px', () => {
    const element = svg('viewBox="-319 -10 1881 657"', '<style>#d{font-size:16px;fill:red}</style>');
    expect(viewBoxSize(element)).toEqual({ width: 1881, height: 657 });
    expect(MIN_LABEL_PX).toBe(11);
    expect(legibleWidth(element)).toBe(Math.ceil((1881 * 11) / 16)); // 1294
  });

  it('follows the smallest size set anywhere: style sheet, style attribute or font-size attribute', () => {
    expect(smallestFontSize(svg('viewBox="0 0 100 10"', '<style>.a{font-size:16px}.note{font-size: 12px !important}</style>'))).toBe(12);
    expect(smallestFontSize(svg('viewBox="0 0 100 10"', '<text style="font-size: 10px; font-weight: 400">x</text>'))).toBe(10);
    expect(smallestFontSize(svg('viewBox="0 0 100 10"', '<text font-size="8">x</text>'))).toBe(8);
    expect(legibleWidth(svg('viewBox="0 0 800 10"', '<text font-size="8">x</text>'))).toBe(1100);
  });

  it("assumes Mermaid's 16 px when nothing is set, and gives no width without a usable viewBox", () => {
    expect(smallestFontSize(svg('viewBox="0 0 160 10"'))).toBe(16);
    expect(legibleWidth(svg('viewBox="0 0 160 10"'))).toBe(110);
    expect(legibleWidth(svg('width="100"'))).toBeUndefined();
    expect(legibleWidth(svg('viewBox="0 0 0 10"'))).toBeUndefined();
    expect(legibleWidth(svg('viewBox="0 0 abc 10"'))).toBeUndefined();
  });
});
