// public/render.js is browser code. These tests run it in Node against a small stand-in for `document`
// that records every use of an HTML sink (innerHTML, outerHTML, insertAdjacentHTML): those are the
// places where a browser parses a string as markup, which is how a chat message turns into script.
import { describe, expect, test } from 'vitest';

type FakeNode = FakeElement | FakeText | FakeMarkup;

class FakeText {
  readonly nodeType = 3;
  readonly data: string;
  constructor(data: string) {
    this.data = data;
  }
}

/** What innerHTML & co. leave behind: markup a real browser would turn into live elements. */
class FakeMarkup {
  readonly nodeType = 0;
  readonly html: string;
  constructor(html: string) {
    this.html = html;
  }
}

class FakeElement {
  readonly nodeType = 1;
  readonly tagName: string;
  readonly attributes = new Map<string, string>();
  childNodes: FakeNode[] = [];
  className = '';
  readonly #sinks: string[];

  constructor(tagName: string, sinks: string[]) {
    this.tagName = tagName.toUpperCase();
    this.#sinks = sinks;
  }

  append(...nodes: unknown[]): void {
    for (const node of nodes) {
      if (typeof node === 'string') this.childNodes.push(new FakeText(node));
      else if (node instanceof FakeElement || node instanceof FakeText) this.childNodes.push(node);
      else throw new TypeError(`append() got ${String(node)}; pass elements from doc.createElement, text nodes from doc.createTextNode, or strings.`);
    }
  }

  appendChild<T>(node: T): T {
    this.append(node);
    return node;
  }

  get textContent(): string {
    return this.childNodes.map((node) => (node instanceof FakeText ? node.data : node instanceof FakeElement ? node.textContent : '')).join('');
  }

  set textContent(value: string) {
    this.childNodes = value === '' ? [] : [new FakeText(String(value))];
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }

  get classList(): { add: (...names: string[]) => void } {
    return { add: (...names) => (this.className = [...this.className.split(' ').filter(Boolean), ...names].join(' ')) };
  }

  set innerHTML(html: string) {
    this.#sinks.push(`innerHTML = ${html}`);
    this.childNodes = [new FakeMarkup(html)];
  }

  set outerHTML(html: string) {
    this.#sinks.push(`outerHTML = ${html}`);
  }

  insertAdjacentHTML(position: string, html: string): void {
    this.#sinks.push(`insertAdjacentHTML(${position}, ${html})`);
    this.childNodes.push(new FakeMarkup(html));
  }

  /** This element and every element inside it. */
  *elements(): Generator<FakeElement> {
    yield this;
    for (const node of this.childNodes) if (node instanceof FakeElement) yield* node.elements();
  }
}

class FakeDocument {
  /** Every HTML-sink use, in order. */
  readonly sinks: string[] = [];
  createElement(tagName: string): FakeElement {
    return new FakeElement(tagName, this.sinks);
  }
  createTextNode(data: string): FakeText {
    return new FakeText(String(data));
  }
}

interface ChatMessage {
  type: 'message';
  id: string;
  room: string;
  from: { id: string; name: string };
  text: string;
  ts: number;
}

interface RenderModule {
  renderMessage(doc: FakeDocument, message: ChatMessage): unknown;
}

// render.js is plain browser JavaScript without type declarations; a non-literal specifier keeps
// TypeScript from looking for them, and the interface above states what the tests expect of it.
const renderPath = '../public/render.js';
const { renderMessage } = (await import(renderPath)) as RenderModule;

function render(from: string, text: string, ts = Date.UTC(2025, 0, 2, 3, 4, 5)): { item: FakeElement; doc: FakeDocument } {
  const doc = new FakeDocument();
  const item = renderMessage(doc, { type: 'message', id: 'm1', room: 'lobby', from: { id: 'c1', name: from }, text, ts });
  expect(item instanceof FakeElement, 'renderMessage must return the element it built with doc.createElement.').toBe(true);
  return { item: item as FakeElement, doc };
}

function expectNoHtmlSink(doc: FakeDocument): void {
  expect(
    doc.sinks,
    'renderMessage handed a string to the HTML parser. In a browser, a name or text such as <img src=x onerror=alert(1)> ' +
      'would become a real element whose handler runs in every reader\'s page. Build elements with doc.createElement and set textContent.',
  ).toEqual([]);
}

describe('renderMessage shows other people\'s text as text', () => {
  test('builds an <li> with the time, the author and the text', () => {
    const ts = Date.UTC(2025, 0, 2, 3, 4, 5);
    const { item, doc } = render('Ada', 'Hello, Grace!', ts);
    expectNoHtmlSink(doc);
    expect(item.tagName).toBe('LI');
    expect(item.textContent, 'The item shows the author\'s name and the message text.').toContain('Ada');
    expect(item.textContent).toContain('Hello, Grace!');
    const times = [...item.elements()].filter((element) => element.tagName === 'TIME');
    expect(times.map((time) => time.getAttribute('datetime')), 'A <time> element whose datetime attribute is the ISO form of ts: 2025-01-02T03:04:05.000Z.').toEqual([new Date(ts).toISOString()]);
  });

  test('shows markup in the text as characters: <img onerror> never becomes an element', () => {
    const attack = '<img src=x onerror="alert(document.cookie)">';
    const { item, doc } = render('Mallory', attack);
    expectNoHtmlSink(doc);
    expect([...item.elements()].map((element) => element.tagName), 'Only the elements renderMessage creates itself may appear.').not.toContain('IMG');
    expect(item.textContent, 'The reader sees exactly what Mallory typed, angle brackets included.').toContain(attack);
  });

  test('treats the author\'s name the same way', () => {
    const name = '"><svg onload=alert(1)>';
    const { item, doc } = render(name, 'hi');
    expectNoHtmlSink(doc);
    expect([...item.elements()].map((element) => element.tagName)).not.toContain('SVG');
    expect(item.textContent).toContain(name);
  });

  test('keeps text that looks like entities exactly as typed', () => {
    const text = 'Tom & Jerry say "<3" &lt; &amp;';
    const { item, doc } = render('Ada', text);
    expectNoHtmlSink(doc);
    expect(item.textContent, 'textContent neither decodes nor escapes anything: &lt; stays &lt;.').toContain(text);
  });
});
