import { describe, expect, it } from 'vitest';
import {
  describeDiagram,
  diagramKeyword,
  readAccessibilityDirectives,
} from '../../src/integrations/mermaid/text-alternative.ts';

const lines = (...text: string[]) => text.join('\n');

describe('readAccessibilityDirectives', () => {
  it('reads single-line accTitle and accDescr', () => {
    const source = lines('sequenceDiagram', '  accTitle: Polling', '  accDescr: The client asks every two seconds.', '  A->>B: hi');
    expect(readAccessibilityDirectives(source)).toEqual({
      accTitle: 'Polling',
      accDescr: 'The client asks every two seconds.',
    });
  });

  it('reads a multi-line accDescr block and joins its lines', () => {
    const source = lines('sequenceDiagram', 'accDescr {', '  The client asks.', '  The server answers.', '}', 'A->>B: hi');
    expect(readAccessibilityDirectives(source)).toEqual({ accDescr: 'The client asks. The server answers.' });
  });

  it('reads a one-line accDescr block', () => {
    expect(readAccessibilityDirectives('flowchart LR\naccDescr { Two boxes. }\nA-->B')).toEqual({ accDescr: 'Two boxes.' });
  });

  it('treats empty directives as absent', () => {
    expect(readAccessibilityDirectives('sequenceDiagram\naccTitle:\naccDescr:   \nA->>B: x')).toEqual({});
  });
});

describe('diagramKeyword', () => {
  it('skips frontmatter, init directives and comments', () => {
    const source = lines('---', 'title: Hello', '---', '%%{init: {"theme": "forest"}}%%', '%% a comment', 'sequenceDiagram', 'A->>B: x');
    expect(diagramKeyword(source)).toBe('sequenceDiagram');
  });

  it('returns undefined for an empty diagram', () => {
    expect(diagramKeyword('  \n\n')).toBeUndefined();
  });
});

describe('describeDiagram', () => {
  it("uses the author's accTitle and accDescr verbatim", () => {
    const source = lines('sequenceDiagram', 'accTitle: Long polling', 'accDescr: The server holds the request open.', 'C->>S: GET /poll');
    expect(describeDiagram(source)).toEqual({
      title: 'Long polling',
      description: 'The server holds the request open.',
    });
  });

  it('describes participants by their aliases and numbers every message', () => {
    const source = lines(
      'sequenceDiagram',
      '  participant C as Client',
      '  participant S as Server',
      '  C->>S: GET /poll',
      '  S-->>C: 200 OK, no news',
    );
    expect(describeDiagram(source)).toEqual({
      title: 'Sequence diagram between Client and Server',
      description:
        'Sequence diagram between Client and Server: 1. Client to Server: GET /poll. 2. Server to Client: 200 OK, no news.',
    });
  });

  it('keeps the author title and generates the description when only accTitle is given', () => {
    const source = lines('sequenceDiagram', 'accTitle: Polling', 'participant C as Client', 'C->>Server: GET /poll');
    expect(describeDiagram(source)).toEqual({
      title: 'Polling',
      description: 'Sequence diagram between Client and Server: 1. Client to Server: GET /poll.',
    });
  });

  it('adds undeclared participants in order of first appearance', () => {
    const source = lines('sequenceDiagram', 'participant B as Broker', 'Publisher->>B: publish', 'B->>Subscriber: deliver');
    expect(describeDiagram(source).title).toBe('Sequence diagram between Broker, Publisher and Subscriber');
  });

  it('describes notes, loops, alternatives and their end', () => {
    const source = lines(
      'sequenceDiagram',
      'participant C as Client',
      'participant S as Server',
      'loop every 2 s',
      '  C->>+S: GET /poll',
      '  alt new data',
      '    S-->>-C: 200 with events',
      '  else nothing new',
      '    S-->>C: 204 No Content',
      '  end',
      'end',
      'Note over C,S: Most answers are empty',
      'Note right of S: cheap to serve?',
    );
    expect(describeDiagram(source).description).toBe(
      'Sequence diagram between Client and Server: Loop (every 2 s) begins. 1. Client to Server: GET /poll. ' +
        'Alternative (new data) begins. 2. Server to Client: 200 with events. Otherwise (nothing new). ' +
        '3. Server to Client: 204 No Content. End of alternative. End of loop. ' +
        'Note over Client and Server: Most answers are empty. Note right of Server: cheap to serve?',
    );
  });

  it('names crossed, asynchronous, two-way and self messages', () => {
    const source = lines(
      'sequenceDiagram',
      'autonumber',
      'A-xB: lost',
      'A-)B: fire and forget',
      'A<<->>B: frames both ways',
      'B->>B: think<br/>hard',
    );
    expect(describeDiagram(source).description).toBe(
      'Sequence diagram between A and B: 1. A to B (crossed arrow): lost. 2. A to B (asynchronous): fire and forget. ' +
        '3. Between A and B, both ways: frames both ways. 4. B to itself: think hard.',
    );
  });

  it('ignores colour-only blocks, activations and comments but keeps their contents', () => {
    const source = lines(
      'sequenceDiagram',
      'rect rgb(200, 220, 255)',
      '  %% the handshake',
      '  A->>B: Upgrade: websocket',
      '  activate B',
      '  B-->>A: 101 Switching Protocols',
      '  deactivate B',
      'end',
    );
    expect(describeDiagram(source).description).toBe(
      'Sequence diagram between A and B: 1. A to B: Upgrade: websocket. 2. B to A: 101 Switching Protocols.',
    );
  });

  it('mentions participants created and destroyed during the sequence', () => {
    const source = lines('sequenceDiagram', 'A->>B: spawn', 'create participant W as Worker', 'B->>W: start', 'destroy W', 'W-->>B: done');
    expect(describeDiagram(source).description).toBe(
      'Sequence diagram between A, B and Worker: 1. A to B: spawn. Worker is created. 2. B to Worker: start. ' +
        'Worker is destroyed. 3. Worker to B: done.',
    );
  });

  it('takes the title from frontmatter or a title statement when there is no accTitle', () => {
    expect(describeDiagram(lines('---', 'title: "Handshake"', '---', 'sequenceDiagram', 'A->>B: x')).title).toBe('Handshake');
    expect(describeDiagram(lines('sequenceDiagram', 'title Handshake', 'A->>B: x')).title).toBe('Handshake');
  });

  it('does not read accDescr block lines as messages', () => {
    const source = lines('sequenceDiagram', 'accDescr {', 'A->>B: this is prose', '}', 'A->>B: real');
    expect(describeDiagram(source)).toEqual({ title: 'Sequence diagram between A and B', description: 'A->>B: this is prose' });
  });

  it('names other diagram types and leaves their description to the author', () => {
    expect(describeDiagram('flowchart LR\n  A-->B')).toEqual({ title: 'Flowchart', description: '' });
    expect(describeDiagram('stateDiagram-v2\n  [*]-->Open\n  accDescr: Two states.')).toEqual({
      title: 'State diagram',
      description: 'Two states.',
    });
    expect(describeDiagram('wat')).toEqual({ title: 'Diagram', description: '' });
  });

  it('describes a sequence diagram without messages by its participants alone', () => {
    expect(describeDiagram('sequenceDiagram\nparticipant Alone')).toEqual({
      title: 'Sequence diagram of Alone',
      description: 'Sequence diagram of Alone.',
    });
  });
});
