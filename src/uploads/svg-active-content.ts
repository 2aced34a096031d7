import { SaxesParser } from 'saxes';

/**
 * Elements that run code or embed other documents in an SVG. Local names, lower case (an SVG may
 * use a namespace prefix such as `svg:script`).
 */
const ACTIVE_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'foreignobject',
  'iframe',
  'embed',
  'object',
  'handler',
  'listener',
]);

/** `javascript:` (and `vbscript:`), with the whitespace and control characters browsers ignore. */
const SCRIPT_URL = /(?:java|vb)script:/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what browsers strip from URLs
const IGNORED_IN_URLS = /[\u0000-\u0020]/g;
/** CSS that loads something: `url(` to anything but a local `#fragment`, or `@import`. */
const CSS_EXTERNAL = /url\(\s*(?!['"]?#)|@import/i;

const localName = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();

/**
 * Why an SVG logo is unsafe to serve back from `logoUrl`, or undefined when it is inert: it must be
 * well-formed XML (saxes, a maintained non-validating streaming parser that never fetches or expands
 * external entities) whose root is `<svg>`, with no DOCTYPE (entity expansion), no processing
 * instruction but the XML declaration (`xml-stylesheet` loads CSS), no active element (script,
 * foreignObject, iframe, embed, object, handler, listener), no `on*` event attribute, no reference
 * outside the document (`href` other than `#fragment` or an embedded raster `data:` image, CSS
 * `url()` or `@import`), and no `javascript:` URL anywhere.
 */
export function svgActiveContent(text: string): string | undefined {
  let problem: string | undefined;
  let depth = 0;
  let insideStyle = false;
  const refuse = (reason: string) => {
    problem ??= reason;
  };
  const parser = new SaxesParser({ xmlns: false });
  parser.on('doctype', () => refuse('contains a DOCTYPE (entities are not allowed)'));
  parser.on('processinginstruction', (pi) =>
    refuse(`contains the processing instruction <?${pi.target.slice(0, 40)}?>`),
  );
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (depth++ === 0 && name !== 'svg')
      refuse(`has the root element <${tag.name.slice(0, 40)}> instead of <svg>`);
    if (ACTIVE_ELEMENTS.has(name)) refuse(`contains a <${tag.name.slice(0, 40)}> element`);
    if (name === 'style') insideStyle = true;
    for (const [attribute, value] of Object.entries(tag.attributes)) {
      const reason = attributeProblem(attribute, String(value));
      if (reason) refuse(reason);
    }
  });
  parser.on('closetag', () => {
    depth--;
    insideStyle = false;
  });
  const checkText = (content: string) => {
    if (insideStyle && CSS_EXTERNAL.test(content)) refuse('has a <style> that loads an external resource');
    if (SCRIPT_URL.test(content.replace(IGNORED_IN_URLS, ''))) refuse('contains a javascript: URL');
  };
  parser.on('text', checkText);
  parser.on('cdata', checkText);
  parser.on('error', (error) => {
    refuse(`is not well-formed XML (${error.message.split('\n')[0]?.slice(0, 120)})`);
  });
  try {
    parser.write(text).close();
  } catch (error) {
    refuse(`is not well-formed XML (${(error as Error).message.slice(0, 120)})`);
  }
  return problem;
}

function attributeProblem(attribute: string, value: string): string | undefined {
  const name = localName(attribute);
  const compact = value.replace(IGNORED_IN_URLS, '');
  if (name.startsWith('on')) return `has an event handler attribute (${attribute.slice(0, 40)})`;
  if (SCRIPT_URL.test(compact)) return `has a javascript: URL in ${attribute.slice(0, 40)}`;
  if (name === 'href' || name === 'src') {
    const local = compact.startsWith('#') || /^data:image\/(png|jpeg|jpg|gif|webp);/i.test(compact);
    if (!local) return `references an external resource (${attribute.slice(0, 40)})`;
  }
  // Presentation attributes (fill, filter, mask, style…) take CSS url() references too.
  if (CSS_EXTERNAL.test(value)) return `loads an external resource in ${attribute.slice(0, 40)}`;
  return undefined;
}
