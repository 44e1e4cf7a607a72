/**
 * The task side of the lab view: the exercise's title and description (sandbox.yaml) and a copy of the
 * lesson section the sandbox sits in (usually "Try it"): from the heading before it to the next
 * heading of the same level. A copy, because the article stays where it is behind the lab view; ids
 * are removed so the page keeps unique ones, and controls that only work in the article are left out.
 */
import { labText } from '../lab-strings.ts';

const HEADING = /^H[2-6]$/;

/** The lesson's own elements around `sandbox`, in reading order, without the sandbox itself. */
export function lessonSectionAround(sandbox: Element): Element[] {
  const before: Element[] = [];
  let level = 7;
  for (let node = sandbox.previousElementSibling; node; node = node.previousElementSibling) {
    before.unshift(node);
    if (HEADING.test(node.tagName)) {
      level = Number(node.tagName[1]);
      break;
    }
  }
  // No heading before it: the text right before the sandbox is all the context there is.
  if (level === 7) before.splice(0, Math.max(0, before.length - 3));
  const after: Element[] = [];
  for (let node = sandbox.nextElementSibling; node; node = node.nextElementSibling) {
    if (HEADING.test(node.tagName) && Number(node.tagName[1]) <= level) break;
    if (node.tagName === 'COURSE-SANDBOX' || node.matches('[data-quiz], course-quiz, nav, script, style')) break;
    after.push(node);
  }
  return [...before, ...after];
}

/** A copy that can live beside the original: no ids, no buttons or forms wired to the article. */
function cleanCopy(node: Element): Element {
  const copy = node.cloneNode(true) as Element;
  for (const element of [copy, ...copy.querySelectorAll('[id]')]) element.removeAttribute('id');
  for (const control of copy.querySelectorAll('button, input, select, textarea, script, course-sandbox')) control.remove();
  // Headings keep their text, one level below the pane's own heading, so the outline stays sound.
  if (HEADING.test(copy.tagName)) {
    const heading = document.createElement('h3');
    heading.textContent = copy.textContent;
    return heading;
  }
  for (const heading of copy.querySelectorAll('h2, h3, h4, h5, h6')) {
    const lower = document.createElement('h4');
    lower.textContent = heading.textContent;
    heading.replaceWith(lower);
  }
  return copy;
}

export function createTaskPane(sandbox: HTMLElement, id: string, title: string, description: string): HTMLElement {
  const pane = document.createElement('aside');
  pane.className = 'lab-task';
  pane.id = id;
  pane.tabIndex = 0; // scrollable with the keyboard
  const heading = document.createElement('h2');
  heading.className = 'lab-task-title';
  heading.id = `${id}-title`;
  heading.tabIndex = -1; // where focus goes when the lab opens
  heading.textContent = title;
  pane.setAttribute('aria-labelledby', heading.id);
  const kicker = document.createElement('p');
  kicker.className = 'lab-task-kicker';
  kicker.textContent = labText('lab.task');
  const summary = document.createElement('p');
  summary.className = 'lab-task-description';
  summary.textContent = description;
  pane.append(kicker, heading, summary);
  const section = lessonSectionAround(sandbox);
  if (section.length > 0) {
    const from = document.createElement('div');
    from.className = 'lab-task-lesson prose';
    const label = document.createElement('p');
    label.className = 'lab-task-kicker';
    label.textContent = labText('lab.fromLesson');
    from.append(label, ...section.map(cleanCopy));
    pane.append(from);
  }
  return pane;
}
