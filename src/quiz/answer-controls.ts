/**
 * Reading and writing a learner's answer from and to the form controls `Quiz.astro` rendered, one
 * function per direction, so the island never needs to know how a question type is laid out.
 */
import type { Question } from './schema.ts';
import { all } from './dom.ts';

export function readAnswer(question: Question, root: HTMLElement): unknown {
  switch (question.type) {
    case 'single':
      return root.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value;
    case 'multiple':
      return all<HTMLInputElement>(root, 'input[type=checkbox]:checked').map((input) => input.value);
    case 'order':
      return all<HTMLElement>(root, '[data-item]').map((item) => item.dataset.item);
    case 'fill':
      return root.querySelector<HTMLInputElement>('input[data-answer-input]')?.value ?? '';
    case 'numeric': {
      const input = root.querySelector<HTMLInputElement>('input[data-answer-input]');
      // An empty or unparsable number field has no value; null is how JSON stores "nothing".
      return input && !Number.isNaN(input.valueAsNumber) ? input.valueAsNumber : null;
    }
    case 'match': {
      const choices: Record<string, string> = {};
      for (const select of all<HTMLSelectElement>(root, 'select[data-left]')) {
        if (select.value !== '' && select.dataset.left) choices[select.dataset.left] = select.value;
      }
      return choices;
    }
  }
}

export function writeAnswer(question: Question, root: HTMLElement, answer: unknown): void {
  switch (question.type) {
    case 'single':
      for (const input of all<HTMLInputElement>(root, 'input[type=radio]')) input.checked = input.value === answer;
      break;
    case 'multiple':
      for (const input of all<HTMLInputElement>(root, 'input[type=checkbox]')) {
        input.checked = Array.isArray(answer) && answer.includes(input.value);
      }
      break;
    case 'order':
      if (Array.isArray(answer)) placeItems(root, answer as string[]);
      break;
    case 'fill':
    case 'numeric': {
      const input = root.querySelector<HTMLInputElement>('input[data-answer-input]');
      if (input) input.value = typeof answer === 'string' || typeof answer === 'number' ? String(answer) : '';
      break;
    }
    case 'match':
      for (const select of all<HTMLSelectElement>(root, 'select[data-left]')) {
        const value = (answer as Record<string, unknown> | undefined)?.[select.dataset.left ?? ''];
        select.value = typeof value === 'string' && [...select.options].some((option) => option.value === value) ? value : '';
      }
      break;
  }
}

/** Puts an ordering question's items in `order`; only a full permutation of the current items is applied. */
export function placeItems(root: HTMLElement, order: readonly string[]): void {
  const list = root.querySelector('[data-order-list]');
  if (!list) return;
  const items = all<HTMLElement>(list, '[data-item]');
  // Anything but a permutation of the items on the page is stale state and is ignored.
  if (order.length !== items.length || !items.every((item) => order.includes(item.dataset.item ?? ''))) return;
  for (const id of order) {
    const item = items.find((candidate) => candidate.dataset.item === id);
    if (item) list.append(item);
  }
  updateMoveButtons(list);
}

export function updateMoveButtons(list: Element): void {
  const items = all<HTMLElement>(list, '[data-item]');
  items.forEach((item, index) => {
    item.querySelector('[data-action="move-up"]')?.setAttribute('aria-disabled', String(index === 0));
    item.querySelector('[data-action="move-down"]')?.setAttribute('aria-disabled', String(index === items.length - 1));
  });
}
