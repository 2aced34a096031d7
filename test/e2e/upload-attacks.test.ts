/**
 * Upload attacks (#9 item 7), each refused before any upstream call: a `map` entry whose file part
 * is missing (Yoga used to run spaceUpdate with logo: null, removing the Space's logo), a text part
 * or a JSON string where an Upload belongs, SVGs with active content, PNG/JPEG decompression bombs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGOS, logoFile, postMultipart } from '../helpers/multipart.ts';
import { readGraphQLResponse, type Stack, startStack } from '../helpers/stack.ts';

const UPDATE = 'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id hasLogo } }';
const enc = (text: string) => new TextEncoder().encode(text);

describe('upload attacks', () => {
  let stack: Stack;
  let target: { id: string; name: string };
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
    const res = await stack.query<{ spaces: Array<{ id: string; name: string }> }>('{ spaces { id name } }');
    target = res.body.data!.spaces[0]!; // the seed's first Space has a logo
  });
  afterAll(async () => {
    await stack?.close();
  });

  const variables = () => ({ in: { id: target.id, name: target.name, theme: { logo: null } } });

  /** Sends a raw multipart body and checks that nothing reached Boomi. */
  async function sendForm(form: FormData) {
    const before = stack.sim.stats().graphqlRequests;
    // With CSRF prevention's header, so the multipart checks themselves are what answers.
    const headers = { 'apollo-require-preflight': 'true' };
    const res = await readGraphQLResponse(await fetch(stack.url, { method: 'POST', body: form, headers }));
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
    return res;
  }

  it('refuses a map entry whose file part is missing, and the Space keeps its logo', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: UPDATE, variables: variables() }));
    form.append('map', JSON.stringify({ 0: ['variables.in.theme.logo'] }));
    const res = await sendForm(form);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        message: 'The multipart "map" names the file part "0", which the request does not contain.',
        extensions: { code: 'BAD_REQUEST', category: 'BAD_USER_INPUT', retryable: false },
      },
    ]);
    const after = await stack.query<{ space: { hasLogo: boolean } }>(
      `{ space(id: "${target.id}") { hasLogo } }`,
    );
    expect(after.body.data?.space.hasLogo).toBe(true);
  });

  it.each([
    [
      'a text part where the file belongs',
      (f: FormData) => f.append('0', 'not a file'),
      'The multipart part "0" is not a file.',
    ],
    [
      'a path outside variables',
      (f: FormData) => {
        f.set('map', JSON.stringify({ 0: ['query'] }));
        f.append('0', logoFile(LOGOS.png, 'a.png', 'image/png'));
      },
      'The multipart "map" entry "0" has a path that is not a "variables.…" path.',
    ],
    [
      'a path to a value that is not a null placeholder',
      (f: FormData) => {
        f.set('map', JSON.stringify({ 0: ['variables.in.name'] }));
        f.append('0', logoFile(LOGOS.png, 'a.png', 'image/png'));
      },
      'The multipart "map" path "variables.in.name" does not point at a null placeholder in "operations".',
    ],
    [
      'a map that is not JSON',
      (f: FormData) => f.set('map', '{'),
      'The multipart "map" part is not valid JSON.',
    ],
  ])('refuses %s with 400', async (_label, tamper, message) => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: UPDATE, variables: variables() }));
    form.append('map', JSON.stringify({ 0: ['variables.in.theme.logo'] }));
    tamper(form);
    const res = await sendForm(form);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toEqual({
      message,
      extensions: { code: 'BAD_REQUEST', category: 'BAD_USER_INPUT', retryable: false },
    });
  });

  it('refuses a string where an Upload is expected (JSON request)', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await stack.query(UPDATE, { in: { id: target.id, name: target.name, theme: { logo: 'x' } } });
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain('Upload must be a file part of a multipart request');
  });

  it('refuses an Upload written as a literal in the document', async () => {
    const res = await stack.query(
      `mutation { spaceUpdate(input: { id: "${target.id}", name: "x", theme: { logo: "x" } }) { id } }`,
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  const svg = (body: string, attributes = '') =>
    enc(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>${body}</svg>`,
    );
  it.each([
    ['a <script>', svg('<script>alert(1)</script>'), 'contains a <script> element'],
    ['an onload handler', svg('<rect/>', ' onload="alert(1)"'), 'has an event handler attribute (onload)'],
    ['a foreignObject', svg('<foreignObject><div/></foreignObject>'), 'contains a <foreignObject> element'],
    [
      'an external image',
      svg('<image href="https://evil.example/x.png"/>'),
      'references an external resource (href)',
    ],
    [
      'a javascript: link',
      svg('<a xlink:href=" java\tscript:alert(1)"><rect/></a>'),
      'has a javascript: URL in xlink:href',
    ],
    [
      'an external CSS url()',
      svg('<rect fill="url(https://evil.example/#p)"/>'),
      'loads an external resource in fill',
    ],
    [
      'a DOCTYPE with entities',
      enc('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'),
      'contains a DOCTYPE (entities are not allowed)',
    ],
    [
      'a stylesheet PI',
      enc('<?xml-stylesheet href="https://evil.example/s.css"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      'contains the processing instruction <?xml-stylesheet?>',
    ],
  ])('refuses an SVG with %s', async (_label, bytes, reason) => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await postMultipart(stack.url, UPDATE, variables(), {
      'variables.in.theme.logo': logoFile(bytes, 'evil.svg', 'image/svg+xml'),
    });
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
    expect(res.body.errors).toEqual([
      {
        message: `The logo file "evil.svg" (image/svg+xml, ${bytes.length} bytes) ${reason}. (variable $.in.theme.logo)`,
        extensions: { code: 'SPACE_LOGO_UPLOAD_ERROR', category: 'BAD_USER_INPUT', retryable: false },
      },
    ]);
  });

  const png = (width: number, height: number) => {
    const bytes = LOGOS.png.slice();
    new DataView(bytes.buffer).setUint32(16, width);
    new DataView(bytes.buffer).setUint32(20, height);
    return bytes;
  };
  const jpeg = (width: number, height: number) => {
    const bytes = LOGOS.jpg.slice();
    new DataView(bytes.buffer).setUint16(25, height);
    new DataView(bytes.buffer).setUint16(27, width);
    return bytes;
  };
  it.each([
    [
      'PNG',
      png(100_000, 100_000),
      'bomb.png',
      'image/png',
      'is 100000×100000 pixels, more than the 16777216 pixels allowed',
    ],
    [
      'JPEG',
      jpeg(65_000, 65_000),
      'bomb.jpg',
      'image/jpeg',
      'is 65000×65000 pixels, more than the 16777216 pixels allowed',
    ],
    ['PNG without IHDR', LOGOS.png.slice(0, 12), 'short.png', 'image/png', 'has no valid image header'],
  ])('refuses a %s decompression bomb by its header', async (_label, bytes, name, type, reason) => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await postMultipart(stack.url, UPDATE, variables(), {
      'variables.in.theme.logo': logoFile(bytes, name, type),
    });
    expect(stack.sim.stats().graphqlRequests - before).toBe(0);
    expect(res.body.errors?.[0]?.message).toBe(
      `The logo file "${name}" (${type}, ${bytes.length} bytes) ${reason}. (variable $.in.theme.logo)`,
    );
  });

  it('still accepts an inert SVG with internal references', async () => {
    const bytes = svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/>');
    const res = await postMultipart(stack.url, UPDATE, variables(), {
      'variables.in.theme.logo': logoFile(bytes, 'ok.svg', 'image/svg+xml'),
    });
    expect(res.body.errors, res.text).toBeUndefined();
  });
});
