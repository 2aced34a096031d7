import { type DocumentNode, print } from 'graphql';
import { fastPrint } from './fast-print.ts';

// Every layer that needs an upstream document's text (the de-duplication key, the request body) reads
// it here: one print per DocumentNode, however many layers and attempts (retries) see it.
const printed = new WeakMap<DocumentNode, string>();

/** The printed text of an upstream document (graphql-js's `print`, byte for byte), once per DocumentNode. */
export function printDocument(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = fastPrint(document) ?? print(document);
    printed.set(document, text);
  }
  return text;
}

/** Records the text of a document built with its text (printed more cheaply than by `print`). */
export function rememberPrinted(document: DocumentNode, text: string): void {
  printed.set(document, text);
}
