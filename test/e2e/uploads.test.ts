/**
 * Logo uploads: a client sends a GraphQL multipart request to the subgraph; good logos are
 * forwarded upstream as multipart with name and type intact (the simulator then serves the exact
 * bytes), bad ones are refused before any upstream call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/errors/catalog.ts';
import { SEED } from '../../src/simulator/index.ts';
import { LOGOS, logoFile, postMultipart } from '../helpers/multipart.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

type SpaceWithTheme = {
  id: string;
  name: string;
  hasLogo: boolean;
  theme: { logoAltTxt: string | null; logoUrl: string | null } | null;
};
const FIELDS = 'id name hasLogo theme { logoAltTxt logoUrl }';
const UPDATE = `mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { ${FIELDS} } }`;
const CREATE = `mutation ($in: SpaceCreateInput!) { spaceCreate(input: $in) { ${FIELDS} } }`;

describe('logo uploads through the subgraph', () => {
  let stack: Stack;
  let target: { id: string; name: string };

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
    const res = await stack.query<{ spaces: Array<{ id: string; name: string }> }>('{ spaces { id name } }');
    target = res.body.data!.spaces[4]!;
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** The logo is stored upstream byte for byte, with the declared content type; one mutation logged. */
  async function expectStored(
    space: SpaceWithTheme,
    bytes: Uint8Array,
    type: string,
    name: string,
    operation: string,
  ) {
    expect(space.hasLogo).toBe(true);
    const url = space.theme!.logoUrl!;
    expect(url.startsWith(`${stack.sim.url}/logos/`)).toBe(true);
    const logo = await fetch(url);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe(type);
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(bytes);
    const last = stack.sim.stats().mutations.at(-1)!;
    expect(last.operation).toBe(operation);
    expect(JSON.stringify(last.args)).toContain(
      JSON.stringify({ upload: { filename: name, mimeType: type, size: bytes.length } }),
    );
  }

  it.each([
    ['svg', LOGOS.svg, 'brand.svg', 'image/svg+xml'],
    ['png', LOGOS.png, 'brand.png', 'image/png'],
    ['jpg', LOGOS.jpg, 'brand.jpg', 'image/jpeg'],
  ] as const)(
    'spaceUpdate accepts a %s logo and forwards it upstream unchanged',
    async (_kind, bytes, name, type) => {
      const before = stack.sim.stats().mutations.length;
      const res = await postMultipart<{ spaceUpdate: SpaceWithTheme }>(
        stack.url,
        UPDATE,
        { in: { id: target.id, name: target.name, theme: { logoAltTxt: `alt ${name}`, logo: null } } },
        { 'variables.in.theme.logo': logoFile(bytes, name, type) },
      );
      expect(res.body.errors, res.text).toBeUndefined();
      expect(res.body.data!.spaceUpdate.theme!.logoAltTxt).toBe(`alt ${name}`);
      expect(stack.sim.stats().mutations.length).toBe(before + 1);
      await expectStored(res.body.data!.spaceUpdate, bytes, type, name, 'spaceUpdate');
    },
  );

  it('spaceCreate accepts a logo', async () => {
    const res = await postMultipart<{ spaceCreate: SpaceWithTheme }>(
      stack.url,
      CREATE,
      {
        in: {
          name: 'Space with a logo',
          accountGroupId: SEED.freeAccountGroupIds[0],
          theme: { logoAltTxt: 'new', logo: null },
        },
      },
      { 'variables.in.theme.logo': logoFile(LOGOS.png, 'new-logo.png', 'image/png') },
    );
    expect(res.body.errors, res.text).toBeUndefined();
    expect(res.body.data!.spaceCreate.name).toBe('Space with a logo');
    await expectStored(res.body.data!.spaceCreate, LOGOS.png, 'image/png', 'new-logo.png', 'spaceCreate');
  });

  const oversized = new Uint8Array(262_145);
  oversized.set(LOGOS.png);
  it.each([
    [
      'a .gif file',
      logoFile(LOGOS.gif, 'brand.gif', 'image/gif'),
      'The logo file "brand.gif" (image/gif, 14 bytes) must be an .svg, .png or .jpg file. (variable $.in.theme.logo)',
    ],
    [
      'a PNG named blob (a bare Blob from an upload link)',
      logoFile(LOGOS.png, 'blob', 'image/png'),
      `The logo file "blob" (image/png, ${LOGOS.png.length} bytes) has no file name extension: its content is a .png image, so send it with a name ending in .png (a bare Blob is sent as "blob"). (variable $.in.theme.logo)`,
    ],
    [
      'a GIF without a name extension',
      logoFile(LOGOS.gif, 'blob', 'application/octet-stream'),
      `The logo file "blob" (application/octet-stream, ${LOGOS.gif.length} bytes) has no file name extension: send an .svg, .png or .jpg file whose name ends in its extension. (variable $.in.theme.logo)`,
    ],
    [
      'a file of 262145 bytes',
      logoFile(oversized, 'huge.png', 'image/png'),
      'The logo file "huge.png" (image/png, 262145 bytes) is larger than the 262144 bytes allowed. (variable $.in.theme.logo)',
    ],
    [
      'a .png whose bytes are a JPEG',
      logoFile(LOGOS.jpg, 'fake.png', 'image/png'),
      `The content of the logo file "fake.png" (image/png, ${LOGOS.jpg.length} bytes) is not a valid .png image. (variable $.in.theme.logo)`,
    ],
    [
      'an .svg declared as image/png',
      logoFile(LOGOS.svg, 'brand.svg', 'image/png'),
      `The logo file "brand.svg" (image/png, ${LOGOS.svg.length} bytes) declares a content type that does not match its .svg name. (variable $.in.theme.logo)`,
    ],
  ])('refuses %s before any upstream call', async (_what, file, message) => {
    const before = stack.sim.stats();
    const res = await postMultipart(
      stack.url,
      UPDATE,
      { in: { id: target.id, name: target.name, theme: { logo: null } } },
      { 'variables.in.theme.logo': file },
    );
    expect(res.body.errors).toEqual([
      {
        message,
        extensions: { code: 'SPACE_LOGO_UPLOAD_ERROR', category: 'BAD_USER_INPUT', retryable: false },
      },
    ]);
    expect(ERROR_CATALOG.SPACE_LOGO_UPLOAD_ERROR.category).toBe('BAD_USER_INPUT');
    const after = stack.sim.stats();
    expect(after.graphqlRequests).toBe(before.graphqlRequests);
    expect(after.mutations.length).toBe(before.mutations.length);
  });
});
