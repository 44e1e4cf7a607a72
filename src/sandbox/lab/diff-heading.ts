/** The note under Compare says how to read the diff: two columns, or one below the side-by-side breakpoint. */
import { DIFF_SIDE_BY_SIDE_MIN_PX } from './diff-layout.ts';
import { labText } from '../lab-strings.ts';
import { uiText } from '../ui-strings.ts';

export function diffHeading(hostWidth: number): string {
  return hostWidth < DIFF_SIDE_BY_SIDE_MIN_PX ? labText('compare.headingInline') : uiText('compare.heading');
}
