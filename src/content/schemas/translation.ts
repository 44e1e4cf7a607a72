/**
 * Frontmatter of a translated lesson (`lessons/<lang>/<NN-phase>/<NN-slug>.mdx`) and a translated
 * `phase.yaml`: only the words a learner reads, plus `sourceHash`, the first 12 hex digits of the SHA-256
 * of the English file it translates. Everything else (minutes, prerequisites, quiz, sandbox, …) comes from
 * the English lesson at the same path (the translation format in HELPER-RULES / the authoring guide).
 */
import { z } from 'zod';

/**
 * Hex digits only, so YAML reads an unquoted hash such as `530601579895` as a number (and `12e345678901` as
 * one too): the site accepts either and leaves judging the hash to `npm run check`, which compares it with
 * the English file's.
 */
const sourceHash = z.union([z.string().regex(/^[0-9a-f]{12}$/), z.number()]);

export const lessonTranslationSchema = z.strictObject({
  /** The lesson title in this language. Example: `ポーリング`. */
  title: z.string().trim().min(1).max(80),
  /** One or two sentences, as in English. */
  description: z.string().trim().min(1).max(300),
  /** The English goals in the same number and order. */
  goals: z.array(z.string().trim().min(1)).min(1).max(8),
  /** `sha256sum <english file> | cut -c1-12` when it was translated. Example: `1a2b3c4d5e6f`. */
  sourceHash,
});

export const phaseTranslationSchema = z.strictObject({
  title: z.string().trim().min(1).max(60),
  summary: z.string().trim().min(1).max(400),
  sourceHash,
});

export type LessonTranslation = z.output<typeof lessonTranslationSchema>;
export type PhaseTranslation = z.output<typeof phaseTranslationSchema>;
