/**
 * Every section of a locale file and the keys the code uses in it: the list `npm run check` measures each
 * locales/<lang>.yaml against (missing key, extra key, placeholders that differ from English). A part of
 * the interface that moves its words into the locale files adds its section here.
 */
import type { LocaleKeys } from './locales.ts';
import { UI_KEYS } from './ui.ts';
import { QUIZ_KEYS } from '../quiz/strings.ts';
import { PANEL_KEYS } from '../progress/panel-strings.ts';
import { LAB_KEYS } from '../sandbox/lab-strings.ts';
import { SANDBOX_UI_KEYS } from '../sandbox/ui-strings.ts';
import { RUNTIME_KEYS } from '../sandbox/runtime-strings.ts';
import { DIAGRAM_VIEWER_KEYS } from '../diagrams/viewer-strings.ts';
import { WIRE_KEYS } from '../wire/view/wire-strings.ts';
import { LAB_CHART_KEYS } from '../components/lab-chart.ts';
import { EDITION_KEYS } from './edition-strings.ts';

export const LOCALE_AREAS: LocaleKeys = {
  site: UI_KEYS,
  quiz: QUIZ_KEYS,
  progressPanel: PANEL_KEYS,
  sandbox: SANDBOX_UI_KEYS,
  lab: LAB_KEYS,
  runtime: RUNTIME_KEYS,
  diagramViewer: DIAGRAM_VIEWER_KEYS,
  wire: WIRE_KEYS,
  labChart: LAB_CHART_KEYS,
  edition: EDITION_KEYS,
};
