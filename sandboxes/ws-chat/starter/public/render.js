// Browser code: turns one chat message from the server into a list item.

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
  const iso = new Date(message.ts).toISOString();
  const clock = new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  // TODO: this is an XSS hole. The name and the text were typed by other people, and innerHTML hands
  //       them to the HTML parser: a message like <img src=x onerror=alert(document.cookie)> becomes a
  //       real element whose handler runs in every reader's page. Build the <time>, <strong> and <span>
  //       with doc.createElement, put the name and the text in with textContent, and join the parts with
  //       item.append (text nodes from doc.createTextNode for the " " and ": " between them).
  item.innerHTML = `<time datetime="${iso}">${clock}</time> <strong>${message.from.name}</strong>: <span>${message.text}</span>`;
  return item;
}
