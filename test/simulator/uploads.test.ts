import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { MAX_LOGO_BYTES } from '../../src/simulator/logo.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { codes, type GqlAnswer, useSimulator } from './sim-client.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (size = 64) => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE);
  return bytes;
};
const jpg = (size = 64) => {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};
const svg = new TextEncoder().encode(
  '<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>',
);

const CREATE = `mutation($file: Upload) { spaceCreate(input: { name: "Logo Space", accountGroupId: "${SEED.freeAccountGroupIds[0]}", theme: { logoAltTxt: "alt", logo: $file } }) { id theme { logoAltTxt logoUrl } } }`;

describe('logo uploads (GraphQL multipart request spec)', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({ resetEach: true }, (started) => {
    ({ sim, token } = started);
  });

  async function upload(
    query: string,
    file: { bytes: Uint8Array; name: string; type: string } | undefined,
    extra: Record<string, string> = {},
  ): Promise<GqlAnswer> {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query, variables: { file: null } }));
    form.append('map', JSON.stringify(file ? { 0: ['variables.file'] } : {}));
    if (file) form.append('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    const res = await fetch(sim.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  it.each([
    ['svg', svg, 'logo.svg', 'image/svg+xml'],
    ['png', png(), 'logo.png', 'image/png'],
    ['jpg', jpg(), 'logo.jpg', 'image/jpeg'],
    ['png of exactly 262144 bytes', png(MAX_LOGO_BYTES), 'big.png', 'image/png'],
  ])('accepts a %s and serves it back through theme.logoUrl', async (_label, bytes, name, type) => {
    const res = await upload(CREATE, { bytes, name, type });
    expect(res.body.errors).toBeUndefined();
    const url = res.body.data.spaceCreate.theme.logoUrl as string;
    expect(url).toMatch(new RegExp(`^${sim.url}/logos/[0-9a-f-]{36}$`));
    const logo = await fetch(url);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe(type);
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(bytes);
    const log = sim.stats().mutations[0];
    expect(JSON.stringify(log?.args)).toContain(`"size":${bytes.length}`);
  });

  it.each([
    ['a gif', new Uint8Array([0x47, 0x49, 0x46, 0x38]), 'logo.gif', 'image/gif'],
    ['a size of 262145 bytes', png(MAX_LOGO_BYTES + 1), 'big.png', 'image/png'],
    ['a png whose bytes are not PNG', jpg(), 'logo.png', 'image/png'],
    [
      'an svg that is not SVG',
      new TextEncoder().encode('<html><body>hi</body></html>'),
      'logo.svg',
      'image/svg+xml',
    ],
    ['a mismatching content type', png(), 'logo.png', 'image/jpeg'],
    ['an empty file', new Uint8Array(0), 'logo.png', 'image/png'],
  ])('refuses %s with SPACE_LOGO_UPLOAD_ERROR and changes nothing', async (_label, bytes, name, type) => {
    const res = await upload(CREATE, { bytes, name, type });
    expect(codes(res)).toEqual(['SPACE_LOGO_UPLOAD_ERROR']);
    expect(sim.stats().mutations).toHaveLength(0);
  });

  it('spaceUpdate replaces the logo (old URL is gone); omitting logo keeps it', async () => {
    const id = SEED.demoLiveSpaceIds[0] as string;
    const before = await upload(`{ space(id: "${id}") { theme { logoUrl } } }`, undefined);
    const oldUrl = before.body.data.space.theme.logoUrl as string;
    const update = `mutation($file: Upload) { spaceUpdate(input: { id: "${id}", name: "test12", theme: { logo: $file } }) { theme { logoUrl } } }`;
    const res = await upload(update, { bytes: png(), name: 'new.png', type: 'image/png' });
    const newUrl = res.body.data.spaceUpdate.theme.logoUrl as string;
    expect(newUrl).not.toBe(oldUrl);
    expect((await fetch(oldUrl)).status).toBe(404);
    expect((await fetch(newUrl)).headers.get('content-type')).toBe('image/png');
    const keep = await upload(
      `mutation { spaceUpdate(input: { id: "${id}", name: "test12", theme: { logoAltTxt: "x" } }) { theme { logoUrl } } }`,
      undefined,
    );
    expect(keep.body.data.spaceUpdate.theme.logoUrl).toBe(newUrl);
  });

  it('a JSON object posing as a file is refused (files only come from multipart parts)', async () => {
    const res = await fetch(sim.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: CREATE,
        variables: { file: { filename: 'x.png', mimeType: 'image/png' } },
      }),
    });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('SPACE_LOGO_UPLOAD_ERROR');
  });

  it('the logo store being down refuses uploads with SPACE_LOGO_UPLOAD_ERROR', async () => {
    sim.setFaults({ themeStoreDown: true });
    const res = await upload(CREATE, { bytes: png(), name: 'logo.png', type: 'image/png' });
    expect(codes(res)).toEqual(['SPACE_LOGO_UPLOAD_ERROR']);
  });

  it('malformed multipart requests are 400s naming the problem', async () => {
    const post = async (form: FormData) => {
      const res = await fetch(sim.graphqlUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as { message: string } };
    };
    const noOps = new FormData();
    noOps.append('map', '{}');
    expect(await post(noOps)).toMatchObject({
      status: 400,
      body: { message: 'Multipart request is missing the "operations" part' },
    });
    const badJson = new FormData();
    badJson.append('operations', '{');
    badJson.append('map', '{}');
    expect((await post(badJson)).body.message).toBe('The "operations" part is not valid JSON');
    const missingFile = new FormData();
    missingFile.append('operations', JSON.stringify({ query: CREATE, variables: { file: null } }));
    missingFile.append('map', JSON.stringify({ 0: ['variables.file'] }));
    expect((await post(missingFile)).body.message).toMatch(/file "0"/);
    const badPath = new FormData();
    badPath.append('operations', JSON.stringify({ query: CREATE, variables: { file: null } }));
    badPath.append('map', JSON.stringify({ 0: ['variables.__proto__.x'] }));
    badPath.append('0', new Blob([new Uint8Array(png())], { type: 'image/png' }), 'a.png');
    expect((await post(badPath)).status).toBe(400);
    const raw = await fetch(sim.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'garbage',
    });
    expect(raw.status).toBe(400);
  });
});
