import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { svgActiveContent } from '../../../src/uploads/svg-active-content.ts';

const svg = (body: string, attributes = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg"${attributes}>${body}</svg>`;

describe('svgActiveContent', () => {
  it.each([
    [svg('<script>x()</script>'), 'contains a <script> element'],
    [svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg"/>'), 'contains a <svg:script> element'],
    [svg('', ' onLoad="x()"'), 'has an event handler attribute (onLoad)'],
    [svg('<foreignObject/>'), 'contains a <foreignObject> element'],
    [svg('<use href="other.svg#a"/>'), 'references an external resource (href)'],
    [svg('<a href="&#106;avascript:x()"/>'), 'has a javascript: URL in href'],
    [svg('<style>@import "https://x/y.css";</style>'), 'has a <style> that loads an external resource'],
    [svg('<rect style="fill: url(//x/y)"/>'), 'loads an external resource in style'],
    ['<html><svg/></html>', 'has the root element <html> instead of <svg>'],
    ['<svg><rect></svg>', expect.stringMatching(/^is not well-formed XML/)],
  ])('refuses %s', (text, reason) => {
    expect(svgActiveContent(text)).toEqual(reason);
  });

  it('accepts inert SVG: shapes, gradients, local references, embedded raster images', () => {
    expect(
      svgActiveContent(
        svg(
          '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/><image href="data:image/png;base64,AAAA"/>',
        ),
      ),
    ).toBeUndefined();
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = svgActiveContent(`<svg>${text}</svg>`);
        expect(result === undefined || typeof result === 'string').toBe(true);
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});
