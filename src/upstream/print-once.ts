import { type DocumentNode, print } from 'graphql';

// Yoga's parse cache hands one DocumentNode to repeated texts, delegation reuses one per client document
// and plan, and the pass-through fast path sends the client's own: each is printed once, whoever asks
// (operation sharing's key, de-duplication's key, the request body).
const printed = new WeakMap<DocumentNode, string>();

/** `print(document)`, memoized per DocumentNode. */
export function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}
