// Modules codicon-subset.ts uses that ship no declarations, typed as far as it uses them.

// subset-font 2.9.
declare module 'subset-font' {
  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt' }): Promise<Buffer>;
}

// monaco-editor 0.57's icon tables (esm/vs/base/common).
declare module 'monaco-editor/base/common/codicons.js' {
  export const Codicon: Record<string, { id: string }>;
}
declare module 'monaco-editor/base/common/codiconsUtil.js' {
  export function getCodiconFontCharacters(): Record<string, number>;
}
