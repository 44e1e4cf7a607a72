/**
 * The feedback a checked question shows: verdict, counts, and one line per choice with the rationale
 * cloned from the build-time answer block (never author text rendered here), plus the right/wrong marks
 * on the controls themselves.
 */
import type { QuestionGrade } from './grade.ts';
import type { Question } from './schema.ts';
import { all, element } from './dom.ts';

/** Looks up and fills a quiz string (the island's `t`). */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function clearMarks(root: HTMLElement): void {
  for (const node of all(root, '[data-result]')) node.removeAttribute('data-result');
}

function cloneContent(source: Element | null, fallback: string): Node {
  const fragment = document.createDocumentFragment();
  if (!source) fragment.append(fallback);
  else for (const child of source.childNodes) fragment.append(child.cloneNode(true));
  return fragment;
}

/** The learner's choice, as rendered on the page (keeps `code` formatting of options). */
function subjectNode(question: Question, root: HTMLElement, subject: string, t: Translate): Node {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return cloneContent(root.querySelector(`[data-option="${subject}"] [data-label]`), subject);
    case 'order':
      return cloneContent(root.querySelector(`[data-item="${subject}"] [data-item-text]`), subject);
    case 'match': {
      const row = root.querySelector(`[data-pair="${subject}"]`);
      const select = row?.querySelector('select');
      const chosen = select?.selectedOptions[0]?.textContent ?? '';
      const left = row?.querySelector('label')?.textContent?.trim() ?? subject;
      return document.createTextNode(t('feedback.matchChoice', { left, right: chosen }));
    }
    case 'numeric':
      return document.createTextNode(question.unit ? `${subject} ${question.unit}` : subject);
    default:
      return document.createTextNode(`“${subject}”`);
  }
}

/** The rationale as rendered at build time, or the engine's own sentence when none applies. */
function rationaleNode(question: Question, root: HTMLElement, grade: QuestionGrade, index: number, t: Translate): Node | undefined {
  const entry = grade.feedback[index];
  if (!entry) return undefined;
  if (entry.source) {
    const source = root.querySelector(`[data-answer-block] [data-rationale="${entry.source}"]`);
    if (source) {
      const box = element('div', 'quiz-rationale');
      for (const child of source.childNodes) box.append(child.cloneNode(true));
      return box;
    }
  }
  if (question.type === 'fill') return element('p', 'quiz-rationale', t('feedback.unknownText', { answer: entry.subject }));
  if (question.type === 'numeric') return element('p', 'quiz-rationale', t('feedback.unknownNumber', { answer: entry.subject }));
  if (question.type === 'match') return element('p', 'quiz-rationale', t('feedback.distractor'));
  return undefined;
}

function countsSentence(question: Question, grade: QuestionGrade, t: Translate): string | undefined {
  const { right, missing, total } = grade.tally;
  if (question.type === 'multiple' && missing > 0) return t('feedback.missing', { count: missing });
  if (question.type === 'order' && !grade.correct) return t('feedback.orderPlaced', { right, total });
  if (question.type === 'match' && !grade.correct) {
    const rightText = t('feedback.matchRight', { right, total });
    return missing > 0 ? `${rightText} ${t('feedback.matchMissing', { count: missing })}` : rightText;
  }
  return undefined;
}

function markControl(question: Question, root: HTMLElement, subject: string, correct: boolean): void {
  const selector =
    question.type === 'single' || question.type === 'multiple'
      ? `[data-option="${subject}"]`
      : question.type === 'order'
        ? `[data-item="${subject}"]`
        : question.type === 'match'
          ? `[data-pair="${subject}"]`
          : '[data-answer-input]';
  root.querySelector(selector)?.setAttribute('data-result', correct ? 'right' : 'wrong');
}

/** Builds the feedback for one graded question and puts it in its live region. */
export function renderFeedback(question: Question, root: HTMLElement, grade: QuestionGrade, options: { announce: boolean; t: Translate }): void {
  const { t } = options;
  const region = root.querySelector<HTMLElement>('[data-feedback]');
  if (!region) return;
  const content = element('div');
  clearMarks(root);

  if (grade.status === 'unanswered' || grade.status === 'invalid') {
    content.append(element('p', 'quiz-verdict', t('feedback.unanswered')));
  } else {
    content.dataset.result = grade.correct ? 'right' : 'wrong';
    content.append(element('p', 'quiz-verdict', t(grade.correct ? 'feedback.correct' : 'feedback.incorrect')));
    const counts = countsSentence(question, grade, t);
    if (counts) content.append(element('p', '', counts));
    const list = element('ul', 'quiz-feedback-list');
    grade.feedback.forEach((entry, index) => {
      // A wrong order would be given away by the rationales of misplaced items; show only the placed ones.
      if (question.type === 'order' && !grade.correct && !entry.correct) return;
      const item = element('li');
      item.dataset.result = entry.correct ? 'right' : 'wrong';
      item.append(element('strong', '', `${t(entry.correct ? 'answer.right' : 'answer.wrong')}: `), subjectNode(question, root, entry.subject, t));
      const rationale = rationaleNode(question, root, grade, index, t);
      if (rationale) item.append(rationale);
      list.append(item);
      markControl(question, root, entry.subject, entry.correct);
    });
    if (list.childElementCount > 0) content.append(list);
    if (!grade.correct) content.append(element('p', '', t('feedback.tryAgain')));
  }

  if (options.announce) {
    // Emptying first and filling on the next frame makes screen readers announce a repeated result too.
    region.replaceChildren();
    requestAnimationFrame(() => region.replaceChildren(content));
  } else {
    // Restored or bulk feedback: fill quietly (the live region would otherwise read it all out).
    region.removeAttribute('aria-live');
    region.replaceChildren(content);
    requestAnimationFrame(() => region.setAttribute('aria-live', 'polite'));
  }
}
