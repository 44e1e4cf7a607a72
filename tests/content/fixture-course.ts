/** Writes a small course into a fresh temporary folder, so each test states exactly what is on disk. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function writeCourse(files: Record<string, string>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'course-fixture-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export const PHASE = 'title: Foundations\nsummary: Why request/response cannot push, and what to do about it.\n';

export function lesson(frontmatter: string, body = '\n## A section\n\nText.\n'): string {
  return `---\n${frontmatter.trim()}\n---\n${body}`;
}

export const GOOD = lesson(`
title: Polling
description: Ask the server again and again, and learn what each question costs.
goals:
  - Explain what polling wastes
minutes: 20
`);
