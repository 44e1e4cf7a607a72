/**
 * `<course-quiz>`: brings a server-rendered quiz to life. The quiz's page holds every question as real
 * form controls and every answer with its rationale in a `<details>` block (which is all a reader without
 * JavaScript gets); a lesson page holds the heading and a link, and this element fetches the questions
 * from that page first (fill-from-quiz-page.ts). It then hides the answers, grades with `grade.ts`, shows
 * feedback in `aria-live` regions, and keeps answers in the progress store so a reload restores them.
 *
 * It reads only what `Quiz.astro` rendered (see the contract in `view.ts`) plus the JSON payload, and
 * never renders author text itself: rationales are cloned from the answer block, which was rendered and
 * escaped at build time.
 *
 * This file holds the element's state and events; reading and writing answers is answer-controls.ts,
 * the feedback markup feedback-view.ts, and the "Start over?" question confirm.ts.
 */
import { gradeQuestion, type QuestionGrade } from './grade.ts';
import { questionSeed, seededShuffle, shuffleAwayFromOriginal } from './shuffle.ts';
import {
  canShowAnswer,
  recordAnswer,
  recordCheck,
  resetQuizState,
  restoreQuizState,
  revealHint,
  summarise,
} from './session.ts';
import { percent, translate, type StringTable } from './format.ts';
import { getQuizState, learnerSeed, markComplete, saveQuizState, type QuizState } from '../progress/store.ts';
import type { Question, Quiz } from './schema.ts';
import { all } from './dom.ts';
import { placeItems, readAnswer, updateMoveButtons, writeAnswer } from './answer-controls.ts';
import { clearMarks, renderFeedback } from './feedback-view.ts';
import { askToConfirm } from './confirm.ts';
import { fillFromQuizPage, showFillFailure } from './fill-from-quiz-page.ts';
import { loadWhenNear } from '../scripts/load-when-near.ts';

/** Progress storage can throw (blocked storage, corrupt data the store did not foresee); the quiz must not. */
function safely<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch (error) {
    console.warn('[course-quiz] progress storage failed; continuing without it.', error);
    return fallback;
  }
}

class CourseQuiz extends HTMLElement {
  private quiz!: Quiz;
  private strings!: StringTable;
  private state!: QuizState;
  private lessonId: string | undefined;
  private seed = 0;
  private booted = false;
  private stopWaiting = (): void => {};

  connectedCallback(): void {
    if (this.booted) return;
    // A lesson page's quiz: fetch the questions from the quiz's own page first, when the reader nears it.
    const src = this.dataset.quizSrc;
    if (src && !this.querySelector('script[data-quiz-data]')) {
      this.stopWaiting();
      this.stopWaiting = loadWhenNear([this], () => this.fill(src));
      return;
    }
    this.booted = true;
    try {
      this.boot();
    } catch (error) {
      // The server-rendered quiz (answers in <details>) stays usable; say why in the console.
      console.error('[course-quiz] could not start; the quiz stays in its no-JavaScript form.', error);
    }
  }

  disconnectedCallback(): void {
    this.stopWaiting();
  }

  private async fill(src: string): Promise<void> {
    try {
      await fillFromQuizPage(this, src);
    } catch (error) {
      showFillFailure(this, error);
      throw error;
    }
    // The reader may have left the page while the questions were on their way.
    if (this.isConnected) this.connectedCallback();
  }

  private boot(): void {
    const data = this.querySelector('script[data-quiz-data]')?.textContent;
    if (!data) throw new Error('missing <script type="application/json" data-quiz-data>');
    const payload = JSON.parse(data) as { quiz: Quiz; strings: StringTable };
    this.quiz = payload.quiz;
    this.strings = payload.strings;
    this.lessonId =
      this.closest<HTMLElement>('[data-lesson]')?.dataset.lesson ?? this.closest<HTMLElement>('[data-lesson-id]')?.dataset.lessonId;
    this.seed = safely(learnerSeed, 0);
    this.state = restoreQuizState(safely(() => getQuizState(this.quiz.id), undefined), this.quiz);

    for (const question of this.quiz.questions) {
      const root = this.questionRoot(question.id);
      if (!root) continue;
      this.arrange(question, root);
      this.restore(question, root);
      this.setUpHints(question, root);
      const answerBlock = root.querySelector<HTMLDetailsElement>('[data-answer-block]');
      if (answerBlock) answerBlock.hidden = true;
    }
    for (const node of all<HTMLElement>(this, '[data-js-only]')) node.hidden = false;
    this.renderSummary(false);

    this.addEventListener('click', (event) => this.onClick(event));
    this.addEventListener('change', (event) => this.onEdit(event));
    this.addEventListener('input', (event) => this.onEdit(event));
    this.addEventListener('keydown', (event) => this.onKeydown(event));
    this.setAttribute('data-enhanced', '');
  }

  // ---- Lookup -------------------------------------------------------------------------------------

  private questionRoot(id: string): HTMLElement | null {
    return this.querySelector<HTMLElement>(`[data-question="${id}"]`);
  }

  private questionOf(target: EventTarget | null): { question: Question; root: HTMLElement } | undefined {
    const root = target instanceof Element ? target.closest<HTMLElement>('[data-question]') : null;
    const question = this.quiz.questions.find((candidate) => candidate.id === root?.dataset.question);
    return root && question ? { question, root } : undefined;
  }

  private t(key: string, params: Record<string, string | number> = {}): string {
    return translate(this.strings, key, params);
  }

  // ---- Set-up ------------------------------------------------------------------------------------------

  /** Per-learner order: shuffled options (when the quiz asks) and the starting order of ordering items. */
  private arrange(question: Question, root: HTMLElement): void {
    const seed = questionSeed(this.seed, this.quiz.id, question.id);
    if ((question.type === 'single' || question.type === 'multiple') && this.quiz.shuffle) {
      const list = root.querySelector('[data-options]');
      const order = seededShuffle(question.options.map((option) => option.id), seed);
      for (const id of order) {
        const option = list?.querySelector(`[data-option="${id}"]`);
        if (option) list?.append(option);
      }
    }
    if (question.type === 'order') {
      placeItems(root, shuffleAwayFromOriginal(question.items.map((item) => item.id), seed));
    }
  }

  private restore(question: Question, root: HTMLElement): void {
    this.updateAnswerButton(question, root);
    const answer = this.state.answers[question.id];
    if (answer === undefined) return;
    const grade = gradeQuestion(question, answer);
    // A saved answer that no longer fits the question (the author changed it) is dropped, not shown.
    if (grade.status === 'invalid') return;
    writeAnswer(question, root, answer);
    if (question.id in this.state.checked) this.renderFeedback(question, root, grade, { announce: false });
  }

  private setUpHints(question: Question, root: HTMLElement): void {
    const container = root.querySelector<HTMLElement>('[data-hints]');
    const list = container?.querySelector<HTMLOListElement>('ol');
    if (!container || !list) return;
    // Without JavaScript the hints sit in a <details>; with it they appear one at a time.
    container.querySelector('[data-hints-fallback]')?.replaceWith(list);
    list.setAttribute('aria-live', 'polite');
    this.showHints(question, root);
  }

  private showHints(question: Question, root: HTMLElement): void {
    const revealed = this.state.revealed[question.id] ?? 0;
    all<HTMLElement>(root, '[data-hint]').forEach((hint, index) => (hint.hidden = index >= revealed));
    const button = root.querySelector<HTMLButtonElement>('[data-action="hint"]');
    if (button) button.hidden = revealed >= question.hints.length;
  }

  // ---- Events ---------------------------------------------------------------------------------------

  private onClick(event: Event): void {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-action]') : null;
    if (!button || !this.contains(button)) return;
    const action = button.dataset.action;
    if (action === 'check-all') return this.checkAll();
    if (action === 'reset') return void this.confirmReset(button);
    const found = this.questionOf(button);
    if (!found) return;
    const { question, root } = found;
    if (action === 'check') this.check(question, root);
    else if (action === 'hint') this.nextHint(question, root, button);
    else if (action === 'show-answer') this.showAnswer(root);
    else if (action === 'move-up' || action === 'move-down') this.move(question, root, button, action === 'move-up' ? -1 : 1);
  }

  private onEdit(event: Event): void {
    const found = this.questionOf(event.target);
    if (!found || !(event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)) return;
    const { question, root } = found;
    clearMarks(root);
    this.state = recordAnswer(this.state, question.id, readAnswer(question, root));
    this.save();
  }

  /** Enter in a text or number field checks that question, as submitting a form would. */
  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement) || !event.target.matches('[data-answer-input]')) return;
    const found = this.questionOf(event.target);
    if (!found) return;
    event.preventDefault();
    this.check(found.question, found.root);
  }

  // ---- Actions --------------------------------------------------------------------------------------

  private check(question: Question, root: HTMLElement, options: { unansweredIsWrong?: boolean; announce?: boolean } = {}): void {
    const answer = readAnswer(question, root);
    const grade = gradeQuestion(question, answer);
    const hadPassed = this.state.passed;
    this.state = recordCheck(this.state, this.quiz, grade, answer, options);
    this.renderFeedback(question, root, grade, { announce: options.announce ?? true });
    this.save();
    this.renderSummary(true);
    if (this.state.passed && !hadPassed) this.complete();
  }

  private checkAll(): void {
    for (const question of this.quiz.questions) {
      const root = this.questionRoot(question.id);
      // Per-question regions stay quiet: the summary below announces the result once.
      if (root) this.check(question, root, { unansweredIsWrong: true, announce: false });
    }
    this.querySelector<HTMLElement>('[data-summary]')?.focus();
  }

  /** "Start over" asks first (confirm.ts); only "Clear my answers" clears. Focus returns to the button. */
  private async confirmReset(button: HTMLButtonElement): Promise<void> {
    const confirmed = await askToConfirm(this.querySelector<HTMLDialogElement>('dialog[data-reset-confirm]'), this.t('reset.question'));
    if (confirmed) this.reset();
    button.focus();
  }

  private reset(): void {
    this.state = resetQuizState(this.state);
    for (const question of this.quiz.questions) {
      const root = this.questionRoot(question.id);
      if (!root) continue;
      writeAnswer(question, root, question.type === 'match' ? {} : undefined);
      this.arrange(question, root);
      clearMarks(root);
      const feedback = root.querySelector('[data-feedback]');
      feedback?.replaceChildren();
      const answerBlock = root.querySelector<HTMLDetailsElement>('[data-answer-block]');
      if (answerBlock) answerBlock.hidden = true;
      this.showHints(question, root);
      this.updateAnswerButton(question, root);
    }
    this.save();
    const summary = this.querySelector<HTMLElement>('[data-summary]');
    if (summary) summary.textContent = this.t('summary.reset');
  }

  private nextHint(question: Question, root: HTMLElement, button: HTMLButtonElement): void {
    this.state = revealHint(this.state, question.id, question.hints.length);
    this.save();
    this.showHints(question, root);
    if (button.hidden) {
      // The button disappears with the last hint; keep keyboard focus in the question.
      const hints = all<HTMLElement>(root, '[data-hint]');
      const last = hints[hints.length - 1];
      if (last) {
        last.tabIndex = -1;
        last.focus();
      }
    }
  }

  private showAnswer(root: HTMLElement): void {
    const answerBlock = root.querySelector<HTMLDetailsElement>('[data-answer-block]');
    if (!answerBlock) return;
    answerBlock.hidden = false;
    answerBlock.open = true;
    answerBlock.querySelector('summary')?.focus();
  }

  /**
   * Moves an ordering item one place. Focus stays on the pressed button: at either end the button is only
   * aria-disabled (a disabled button would drop focus, and moving focus to the other button would make a
   * repeated key press walk the item back).
   */
  private move(question: Question, root: HTMLElement, button: HTMLButtonElement, direction: -1 | 1): void {
    const item = button.closest<HTMLElement>('[data-item]');
    const list = item?.parentElement;
    if (!item || !list) return;
    const sibling = direction < 0 ? item.previousElementSibling : item.nextElementSibling;
    const name = item.querySelector('[data-item-text]')?.textContent?.trim() ?? '';
    const announcer = root.querySelector('[data-announce]');
    if (!sibling) {
      if (announcer) announcer.textContent = this.t(direction < 0 ? 'order.atTop' : 'order.atBottom', { item: name });
      return;
    }
    if (direction < 0) list.insertBefore(item, sibling);
    else list.insertBefore(sibling, item);
    updateMoveButtons(list);
    button.focus();
    const items = all<HTMLElement>(list, '[data-item]');
    if (announcer) {
      announcer.textContent = this.t('order.moved', { item: name, position: items.indexOf(item) + 1, total: items.length });
    }
    clearMarks(root);
    this.state = recordAnswer(this.state, question.id, readAnswer(question, root));
    this.save();
  }

  private complete(): void {
    if (!this.lessonId) {
      console.warn(`[course-quiz] quiz "${this.quiz.id}" was passed, but no lesson id is known (set lessonId or data-lesson).`);
      return;
    }
    const lessonId = this.lessonId;
    safely(() => markComplete(lessonId, 'quiz'), undefined);
  }

  private save(): void {
    safely(() => saveQuizState(this.quiz.id, this.state), undefined);
  }

  // ---- Rendering --------------------------------------------------------------------------------------

  private updateAnswerButton(question: Question, root: HTMLElement): void {
    const button = root.querySelector<HTMLButtonElement>('[data-action="show-answer"]');
    if (button) button.hidden = !canShowAnswer(this.state, question.id);
  }

  private renderFeedback(question: Question, root: HTMLElement, grade: QuestionGrade, options: { announce: boolean }): void {
    this.updateAnswerButton(question, root);
    renderFeedback(question, root, grade, { announce: options.announce, t: (key, params) => this.t(key, params) });
  }

  private renderSummary(announce: boolean): void {
    const region = this.querySelector<HTMLElement>('[data-summary]');
    if (!region) return;
    const summary = summarise(this.quiz, this.state);
    let text = '';
    if (summary.complete) {
      const verdict = summary.passed
        ? this.t('summary.passed')
        : this.t('summary.notPassed', { passMark: percent(this.quiz.passMark) });
      text = this.t('summary.score', { correct: summary.correctCount, total: summary.total, percent: percent(summary.score), verdict });
    } else if (summary.checkedCount > 0) {
      text = this.t('summary.progress', { checked: summary.checkedCount, total: summary.total });
    }
    region.dataset.result = summary.complete ? (summary.passed ? 'right' : 'wrong') : '';
    if (!announce) region.removeAttribute('aria-live');
    region.textContent = text;
    if (!announce) requestAnimationFrame(() => region.setAttribute('aria-live', 'polite'));
  }
}

if (!customElements.get('course-quiz')) customElements.define('course-quiz', CourseQuiz);
