/** What Quiz.astro renders, decided in view.ts. */
import { describe, expect, it } from 'vitest';
import { buildQuizView, jsonForScript, type MatchView, type NumericView, type OrderView, type QuizPayload } from '../../src/quiz/view.ts';
import { QuizFile, type QuizFileInput } from '../../src/quiz/schema.ts';
import { en } from '../../src/quiz/strings.ts';

function view(input: QuizFileInput, id = 'sample') {
  return buildQuizView({ id, ...QuizFile.parse(input) }, en);
}

const base = { title: 'Sample **quiz**' };

describe('buildQuizView', () => {
  it('numbers questions, renders markdown-lite and says how many to select', () => {
    const result = view({
      ...base,
      questions: [
        {
          id: 'q1',
          type: 'multiple',
          prompt: 'Pick `two`.',
          hints: ['First', 'Second'],
          options: [
            { id: 'a', text: '`A`', correct: true, rationale: 'Because **A**.' },
            { id: 'b', text: 'B', correct: true, rationale: 'B.' },
            { id: 'c', text: 'C', rationale: 'C.' },
          ],
        },
        {
          id: 'q2',
          type: 'multiple',
          revealCount: false,
          prompt: 'Pick all.',
          options: [
            { id: 'a', text: 'A', correct: true, rationale: 'A.' },
            { id: 'b', text: 'B', rationale: 'B.' },
          ],
        },
      ],
    });
    expect(result).toMatchObject({ domId: 'quiz--sample', title: 'Sample quiz', titleHtml: 'Sample <strong>quiz</strong>', intro: '2 questions. Pass mark: 80 %.' });
    const [first, second] = result.questions;
    expect(first).toMatchObject({
      label: 'Question 1 of 2',
      promptHtml: '<p>Pick <code>two</code>.</p>',
      instructions: 'Select 2.',
      hintsSummary: 'Hints (2)',
      hints: [{ label: 'Hint 1 of 2' }, { label: 'Hint 2 of 2' }],
      inputType: 'checkbox',
      name: 'quiz--sample--q1',
      options: [{ id: 'a', inputId: 'quiz--sample--q1--a', html: '<code>A</code>', rationale: { source: 'a', html: '<p>Because <strong>A</strong>.</p>' } }, {}, {}],
    });
    expect(second?.instructions).toBe('Select all that apply.');
  });

  it('never shows an ordering question in its correct order, and lists the answer in the written order', () => {
    const items = ['one', 'two', 'three', 'four'].map((id) => ({ id, text: id, rationale: `${id}.` }));
    for (const quizId of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const order = view({ ...base, questions: [{ id: 'steps', type: 'order', prompt: 'Order.', items }] }, quizId).questions[0] as OrderView;
      expect(order.displayItems.map((item) => item.id)).not.toEqual(['one', 'two', 'three', 'four']);
      expect(order.answerItems.map((item) => item.id)).toEqual(['one', 'two', 'three', 'four']);
    }
  });

  it('offers match choices alphabetically as plain text, distractors included, so the written order gives nothing away', () => {
    const match = view({
      ...base,
      questions: [
        {
          id: 'm',
          type: 'match',
          prompt: 'Match.',
          pairs: [
            { id: 'ws', left: 'WebSocket', right: 'Two-way `frames`', rationale: 'r' },
            { id: 'sse', left: 'SSE', right: 'One-way **stream**', rationale: 'r' },
          ],
          distractors: ['Carrier pigeon'],
        },
      ],
    }).questions[0] as MatchView;
    expect(match.choices).toEqual([
      { value: '~0', label: 'Carrier pigeon' },
      { value: 'sse', label: 'One-way stream' },
      { value: 'ws', label: 'Two-way frames' },
    ]);
    expect(match.lefts.map((left) => left.selectId)).toEqual(['quiz--sample--m--ws', 'quiz--sample--m--sse']);
  });

  it('writes out a numeric answer with its unit and tolerance range', () => {
    const [exact, range] = view({
      ...base,
      questions: [
        { id: 'n1', type: 'numeric', prompt: 'P', answer: 2, unit: 'bytes', rationale: 'r', wrong: [{ value: 4, rationale: 'w' }] },
        { id: 'n2', type: 'numeric', prompt: 'P', answer: 0.3, tolerance: 0.1, rationale: 'r' },
      ],
    }).questions as [NumericView, NumericView];
    expect(exact).toMatchObject({ answerText: 'The answer is 2 bytes.', unit: 'bytes', inputLabel: 'Your answer', wrong: [{ html: '4 bytes', rationale: { source: 'wrong-0' } }] });
    expect(range.answerText).toBe('The answer is 0.3 (anything from 0.2 to 0.4 counts).');
  });

  it('embeds the quiz and the strings as JSON that cannot break out of its script element', () => {
    const result = view({
      title: 'T',
      questions: [
        {
          id: 'x',
          type: 'fill',
          prompt: 'Type it',
          accept: [{ text: '</script><script>alert(1)</script> <!-- & -->', rationale: 'r' }],
        },
      ],
    });
    expect(result.payload).not.toMatch(/<|>|&/);
    const payload = JSON.parse(result.payload) as QuizPayload;
    const question = payload.quiz.questions[0];
    expect(question?.type === 'fill' && question.accept[0]?.text).toBe('</script><script>alert(1)</script> <!-- & -->');
    expect(payload.strings['control.check']).toBe('Check');
  });

  it('carries what grading needs but not the words the markup already shows', () => {
    const result = view({
      title: 'Polling quiz',
      questions: [
        { id: 's', type: 'single', prompt: 'Pick one PROMPT', hints: ['HINT one', 'HINT two'], options: [{ id: 'a', text: 'Alpha OPTION', correct: true, rationale: 'Because RATIONALE' }, { id: 'b', text: 'Beta OPTION', rationale: 'No RATIONALE' }] },
        { id: 'f', type: 'fill', prompt: 'Header PROMPT', accept: [{ text: 'If-None-Match', rationale: 'Right RATIONALE' }], wrong: [{ text: 'ETag', rationale: 'Wrong RATIONALE' }] },
        { id: 'n', type: 'numeric', prompt: 'How many PROMPT', answer: 2, unit: 'bytes', rationale: 'Two RATIONALE', wrong: [{ value: 4, rationale: 'Four RATIONALE' }] },
        { id: 'm', type: 'match', prompt: 'Match PROMPT', pairs: [{ id: 'p', left: 'SSE LEFT', right: 'Stream RIGHT', rationale: 'P RATIONALE' }, { id: 'q', left: 'WS LEFT', right: 'Socket RIGHT', rationale: 'Q RATIONALE' }], distractors: ['UDP DISTRACTOR'] },
        { id: 'o', type: 'order', prompt: 'Order PROMPT', items: [{ id: 'one', text: 'First ITEM', rationale: '1 RATIONALE' }, { id: 'two', text: 'Second ITEM', rationale: '2 RATIONALE' }] },
      ],
    });
    expect(result.payload).not.toMatch(/PROMPT|HINT|OPTION|RATIONALE|LEFT|RIGHT|ITEM|DISTRACTOR|Polling quiz/);
    const { quiz } = JSON.parse(result.payload) as QuizPayload;
    expect(quiz.passMark).toBe(0.8);
    const [single, fill, numeric, match] = quiz.questions;
    expect(single).toMatchObject({ id: 's', hints: ['', ''], options: [{ id: 'a', correct: true }, { id: 'b', correct: false }] });
    expect(fill).toMatchObject({ accept: [{ text: 'If-None-Match' }], wrong: [{ text: 'ETag' }] });
    expect(numeric).toMatchObject({ answer: 2, unit: 'bytes', wrong: [{ value: 4 }] });
    expect(match).toMatchObject({ pairs: [{ id: 'p' }, { id: 'q' }], distractors: [''] });
  });
});

describe('jsonForScript', () => {
  it('round-trips through JSON.parse', () => {
    const value = { text: '</script> & <!-- -->', list: [1, 'two'] };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });
});
