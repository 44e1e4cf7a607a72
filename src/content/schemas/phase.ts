/**
 * Metadata of a phase: `lessons/<NN-phase>/phase.yaml`. The folder's numeric prefix gives the order and the
 * rest of its name the URL (`01-foundations` → `/foundations/`).
 */
import { z } from 'zod';
import { LANG_PATTERN } from './lesson.ts';

export const phaseMetaSchema = z.strictObject({
  /** Shown on the home roadmap and as the phase page heading. Example: `Foundations`. Required, ≤ 60 characters. */
  title: z.string().trim().min(1).max(60),
  /** One to three sentences about what the phase covers. Required, 20–400 characters. */
  summary: z.string().trim().min(20).max(400),
  /** The language of the phase's page and of its lessons that declare none (`ja`). Optional; defaults to the course's. */
  lang: z.string().regex(LANG_PATTERN).optional(),
});

export type PhaseMetaInput = z.input<typeof phaseMetaSchema>;
export type PhaseMeta = z.output<typeof phaseMetaSchema>;
