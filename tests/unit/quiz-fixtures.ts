/** Questions of every type, parsed through the real schema, shared by the grading tests. */
import { Question, type QuestionInput } from '../../src/quiz/schema.ts';

export function question(input: QuestionInput): Question {
  return Question.parse(input);
}

export const rationale = (text: string) => `${text} rationale`;

export const single = question({
  id: 'chat',
  type: 'single',
  prompt: 'Which technology suits chat?',
  options: [
    { id: 'polling', text: 'Polling', rationale: rationale('polling') },
    { id: 'sse', text: 'SSE', rationale: rationale('sse') },
    { id: 'ws', text: 'WebSocket', correct: true, rationale: rationale('ws') },
  ],
});

export const multiple = question({
  id: 'http',
  type: 'multiple',
  prompt: 'Which run over plain HTTP?',
  options: [
    { id: 'sse', text: 'SSE', correct: true, rationale: rationale('sse') },
    { id: 'lp', text: 'Long polling', correct: true, rationale: rationale('lp') },
    { id: 'poll', text: 'Polling', correct: true, rationale: rationale('poll') },
    { id: 'webrtc', text: 'WebRTC data channel', rationale: rationale('webrtc') },
    { id: 'mqtt', text: 'MQTT over TCP', rationale: rationale('mqtt') },
  ],
});

export const order = question({
  id: 'steps',
  type: 'order',
  prompt: 'Order the steps.',
  items: [
    { id: 'a', text: 'First', rationale: rationale('a') },
    { id: 'b', text: 'Second', rationale: rationale('b') },
    { id: 'c', text: 'Third', rationale: rationale('c') },
  ],
});

export const fill = question({
  id: 'header',
  type: 'fill',
  prompt: 'Which header?',
  accept: [
    { text: 'If-None-Match', rationale: rationale('inm') },
    { text: 'if none match', rationale: rationale('spaced') },
  ],
  wrong: [{ text: 'If-Match', rationale: rationale('if-match') }],
});

export const fillCase = question({
  id: 'state',
  type: 'fill',
  prompt: 'Which state?',
  caseSensitive: true,
  accept: [{ text: 'TIME_WAIT', rationale: rationale('tw') }],
  wrong: [{ text: 'time_wait', rationale: rationale('lower') }],
});

export const numeric = question({
  id: 'bytes',
  type: 'numeric',
  prompt: 'Bytes?',
  answer: 2,
  unit: 'bytes',
  rationale: rationale('answer'),
  wrong: [
    { value: 4, rationale: rationale('four') },
    { value: 6, rationale: rationale('six') },
  ],
});

export const tolerant = question({
  id: 'rate',
  type: 'numeric',
  prompt: 'Rate?',
  answer: 0.3,
  tolerance: 0.1,
  rationale: rationale('rate'),
});

export const match = question({
  id: 'pairs',
  type: 'match',
  prompt: 'Match them.',
  pairs: [
    { id: 'sse', left: 'SSE', right: 'One-way', rationale: rationale('sse') },
    { id: 'ws', left: 'WebSocket', right: 'Two-way', rationale: rationale('ws') },
    { id: 'poll', left: 'Polling', right: 'Asks on a timer', rationale: rationale('poll') },
  ],
  distractors: ['No-way', 'Carrier pigeon'],
});

