/**
 * The keys of the full-screen diagram viewer's words (src/scripts/diagram-viewer.ts, diagram-buttons.ts). The words are in
 * locales/<lang>.yaml under `diagramViewer:`; Base.astro embeds that small section on every page (any page
 * may hold a diagram) and viewerText fills its `{name}` placeholders.
 */
import { lookup } from '../i18n/lookup.ts';
import { sectionStrings } from '../i18n/page-strings.ts';

export const DIAGRAM_VIEWER_KEYS = ['open', 'openLabel', 'zoomIn', 'zoomOut', 'fit', 'fitLabel', 'close', 'help', 'stage', 'zoom'] as const;

export type DiagramViewerKey = (typeof DIAGRAM_VIEWER_KEYS)[number];

export function viewerText(key: DiagramViewerKey, values: Record<string, string | number> = {}): string {
  return lookup(sectionStrings('diagramViewer'), key, values);
}
