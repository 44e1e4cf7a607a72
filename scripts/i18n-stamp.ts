/**
 * `npm run i18n:stamp -- <translated file…>`: records in each translation the current hash of its English
 * source (`sourceHash:`), once the translation has been brought up to date with it. `npm run check`
 * reports a translation whose hash differs from its English file's as stale (src/i18n/translation-parity.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withSourceHash } from '../src/i18n/stamp.ts';
import { pairFor, sourceHash } from '../src/i18n/translation-files.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (files.length === 0) {
  console.error('Usage: npm run i18n:stamp -- lessons/ja/01-foundations/02-polling.mdx quizzes/ja/polling.yaml …');
  process.exit(1);
}
let failures = 0;
for (const given of files) {
  // npm runs scripts from the project root; INIT_CWD is where the author typed the command.
  const file = relative(root, resolve(process.env.INIT_CWD ?? process.cwd(), given)).split('\\').join('/');
  const pair = pairFor(file);
  if (!pair) {
    console.error(`${given}: not a translation (lessons/<lang>/<phase>/…, quizzes/<lang>/<id>.yaml or sandboxes/<id>/i18n/<lang>.yaml).`);
    failures++;
  } else if (!existsSync(join(root, file))) {
    console.error(`${file}: no such file.`);
    failures++;
  } else if (!existsSync(join(root, pair.source))) {
    console.error(`${file}: its English source ${pair.source} does not exist, so there is nothing to stamp against.`);
    failures++;
  } else {
    const hash = sourceHash(root, pair.source);
    const text = readFileSync(join(root, file), 'utf8');
    const stamped = withSourceHash(text, hash, file.endsWith('.mdx') ? 'mdx' : 'yaml');
    if (stamped !== text) writeFileSync(join(root, file), stamped);
    console.log(`${file}: sourceHash ${hash} (${pair.source})${stamped === text ? ', already current' : ''}`);
  }
}
process.exitCode = failures ? 1 : 0;
