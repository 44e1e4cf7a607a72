import { describe, expect, test } from 'vitest';
import { monacoLanguage, shikiLanguage } from '../../src/sandbox/file-language.ts';

describe('file languages', () => {
  test('the static view and the editor agree on what a file is', () => {
    const table = ['main.ts', 'lib/x.mts', 'client.js', 'data.JSON', 'Makefile', 'notes.txt', '.env'].map((path) => [path, shikiLanguage(path), monacoLanguage(path)]);
    expect(table).toEqual([
      ['main.ts', 'ts', 'typescript'],
      ['lib/x.mts', 'ts', 'typescript'],
      ['client.js', 'js', 'javascript'],
      ['data.JSON', 'json', 'plaintext'],
      ['Makefile', 'plaintext', 'plaintext'],
      ['notes.txt', 'plaintext', 'plaintext'],
      ['.env', 'plaintext', 'plaintext'],
    ]);
  });
});
