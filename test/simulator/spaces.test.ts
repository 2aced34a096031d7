import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { codes, gql, MEMBER_USER, mint, OTHER_USER, start, useSimulator } from './sim-client.ts';

const SPACE_FIELDS = `id name description createdDate createdByAccountId modifiedDate modifiedByAccountId url
  accountGroup { id name integrationPacks { id } } theme { logoAltTxt logoUrl } catalogArtifacts { __typename }`;
const SPACE_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d$/;

describe('Space operations', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({ resetEach: true }, (started) => {
    ({ sim, token } = started);
  });

  const create = (input: string) =>
    gql(sim, token, `mutation { spaceCreate(input: { ${input} }) { ${SPACE_FIELDS} } }`);

  describe('spaces', () => {
    it('lists the live Spaces created by the caller account (more than 20, no deleted one)', async () => {
      const res = await gql(sim, token, `{ spaces { ${SPACE_FIELDS} } }`);
      expect(res.status).toBe(200);
      const spaces = res.body.data.spaces as Array<Record<string, unknown>>;
      expect(spaces.length).toBe(23);
      expect(spaces.map((s) => s.id)).toEqual(SEED.demoLiveSpaceIds);
      expect(spaces.map((s) => s.id)).not.toContain(SEED.deletedSpaceId);
      expect(new Set(spaces.map((s) => (s.accountGroup as { id: string }).id)).size).toBe(23);
      for (const space of spaces) {
        expect(space.createdDate).toMatch(SPACE_DATE);
        expect(space.url).toMatch(/^https:\/\/space\.boomi\.com\?guid=[0-9a-f-]{36}$/);
        expect(space.url).not.toContain(space.id as string);
        expect(space.createdByAccountId).toBe(SEED.demoAccountId);
      }
    });

    it('another account sees only its own Spaces', async () => {
      const other = await mint(sim, OTHER_USER, SEED.otherAccountId);
      const res = await gql(sim, other, '{ spaces { id } }');
      expect(res.body.data.spaces.map((s: { id: string }) => s.id)).toContain(SEED.otherAccountSpaceId);
      expect(res.body.data.spaces).toHaveLength(2);
    });
  });

  describe('space / Space', () => {
    it('both field names answer, and aliased lookups fail independently with their own path', async () => {
      const [a, b] = SEED.demoLiveSpaceIds;
      const res = await gql(
        sim,
        token,
        `{ a: space(id: "${a}") { id name } b: Space(id: "${b}") { id } c: space(id: "nope") { id }
           d: space(id: "${SEED.deletedSpaceId}") { id } e: space(id: "${SEED.otherAccountSpaceId}") { id }
           f: space(id: "") { id } }`,
      );
      expect(res.status).toBe(200);
      expect(res.body.data.a.id).toBe(a);
      expect(res.body.data.b.id).toBe(b);
      expect(res.body.data).toMatchObject({ c: null, d: null, e: null, f: null });
      const byPath = Object.fromEntries(
        res.body.errors.map((e: { path: string[]; extensions: { code: string } }) => [
          e.path[0],
          e.extensions.code,
        ]),
      );
      expect(byPath).toEqual({
        c: 'SPACE_NOT_FOUND',
        d: 'SPACE_IS_DELETED',
        e: 'UNAUTHORIZED',
        f: 'MISSING_SPACE_ID',
      });
      expect(sim.stats().requestsByOperation).toMatchObject({ space: 1, Space: 1 });
    });

    it('returns the seeded logo URL, which serves the bytes', async () => {
      const res = await gql(
        sim,
        token,
        `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { theme { logoUrl logoAltTxt } } }`,
      );
      const url = res.body.data.space.theme.logoUrl as string;
      expect(url.startsWith(`${sim.url}/logos/`)).toBe(true);
      const logo = await fetch(url);
      expect(logo.headers.get('content-type')).toBe('image/svg+xml');
      expect(await logo.text()).toContain('<svg');
    });

    it('sharedIpacks needs the caller to be in the account group (UNAUTHORIZED on that field only)', async () => {
      const ok = await gql(
        sim,
        token,
        `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { sharedIpacks { id name installationType } } }`,
      );
      expect(ok.body.data.space.sharedIpacks.length).toBeGreaterThan(0);
      const denied = await gql(
        sim,
        token,
        `{ space(id: "${SEED.spaceWithoutOwnerInGroupId}") { id sharedIpacks { id } } }`,
      );
      expect(denied.body.data.space).toEqual({ id: SEED.spaceWithoutOwnerInGroupId, sharedIpacks: null });
      expect(denied.body.errors[0]).toMatchObject({
        path: ['space', 'sharedIpacks'],
        extensions: { code: 'UNAUTHORIZED' },
      });
    });

    it('a member account may read a Space it belongs to', async () => {
      const member = await mint(sim, MEMBER_USER, SEED.memberAccountId);
      const res = await gql(sim, member, `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`);
      expect(res.body.data.space.id).toBe(SEED.demoLiveSpaceIds[0]);
    });
  });

  describe('spaceCreate', () => {
    const group = SEED.freeAccountGroupIds[0] as string;

    it('creates a Space in a free account group', async () => {
      const res = await create(
        `name: "Created Space" description: "d" sharingMode: ACCOUNT_GROUP accountGroupId: "${group}" theme: { logoAltTxt: "alt" }`,
      );
      expect(res.status).toBe(200);
      const space = res.body.data.spaceCreate;
      expect(space).toMatchObject({
        name: 'Created Space',
        description: 'd',
        createdByAccountId: SEED.demoAccountId,
        modifiedDate: null,
        modifiedByAccountId: null,
        accountGroup: { id: group },
        theme: { logoAltTxt: 'alt', logoUrl: null },
      });
      expect(space.createdDate).toMatch(SPACE_DATE);
      const list = await gql(sim, token, '{ spaces { id } }');
      expect(list.body.data.spaces).toHaveLength(24);
      const again = await create(`name: "Second" accountGroupId: "${group}"`);
      expect(codes(again)).toEqual(['SPACE_EXISTS_FOR_ACCT_GRP']);
      const log = sim.stats().mutations;
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ seq: 1, operation: 'spaceCreate', accountId: SEED.demoAccountId });
    });

    it('the group of the deleted Space is free again', async () => {
      const res = await create(`name: "Revived" accountGroupId: "${SEED.deletedSpaceAccountGroupId}"`);
      expect(res.body.errors).toBeUndefined();
    });

    it('accepts integrationPackIds and accountIds of the group; refuses others (PLATFORM_CALL_ERROR)', async () => {
      const groups = await gql(sim, token, `{ referenceAccountsByGroupId(groupId: "${group}") { id } }`);
      const accountIds = groups.body.data.referenceAccountsByGroupId.map((a: { id: string }) => a.id);
      const ok = await create(
        `name: "With accounts" accountGroupId: "${group}" accountIds: ${JSON.stringify(accountIds)} integrationPackIds: []`,
      );
      expect(ok.body.errors).toBeUndefined();
      const badAccount = await create(
        `name: "X" accountGroupId: "${SEED.freeAccountGroupIds[1]}" accountIds: ["${SEED.otherAccountId}"]`,
      );
      expect(codes(badAccount)).toEqual(['PLATFORM_CALL_ERROR']);
      const badPack = await create(
        `name: "X" accountGroupId: "${SEED.freeAccountGroupIds[1]}" integrationPackIds: ["no-such-pack"]`,
      );
      expect(codes(badPack)).toEqual(['PLATFORM_CALL_ERROR']);
    });

    it.each([
      ['missing name', 'name: ""', 'MISSING_SPACE_NAME'],
      ['blank name', 'name: "   "', 'MISSING_SPACE_NAME'],
      ['invalid characters', 'name: "<script>"', 'INVALID_SPACE_NAME'],
      ['too long (101)', `name: "${'a'.repeat(101)}"`, 'SPACE_NAME_IS_LENGTHY'],
    ])('refuses a %s', async (_label, name, code) => {
      const res = await create(`${name} accountGroupId: "${group}"`);
      expect(codes(res)).toEqual([code]);
      expect(res.body.data).toEqual({ spaceCreate: null });
      expect(sim.stats().mutations).toHaveLength(0);
    });

    it('accepts exactly 100 characters and the documented allowed set', async () => {
      const res = await create(`name: "${'b'.repeat(100)}" accountGroupId: "${group}"`);
      expect(res.body.errors).toBeUndefined();
      const chars = await create(
        `name: "Équipe_1 - R&D (west), O'Brien." accountGroupId: "${SEED.freeAccountGroupIds[1]}"`,
      );
      expect(chars.body.errors).toBeUndefined();
    });

    it('refuses a missing account group, an unknown one and one of another account', async () => {
      expect(codes(await create('name: "x" accountGroupId: ""'))).toEqual(['MISSING_ACCT_GRP_ID']);
      expect(codes(await create('name: "x" accountGroupId: "no-such-group"'))).toEqual([
        'PLATFORM_CALL_ERROR',
      ]);
      const other = await gql(
        sim,
        await mint(sim, OTHER_USER, SEED.otherAccountId),
        '{ spaces { accountGroup { id } } }',
      );
      const otherGroup = other.body.data.spaces[0].accountGroup.id;
      expect(codes(await create(`name: "x" accountGroupId: "${otherGroup}"`))).toEqual(['UNAUTHORIZED']);
    });

    it('refuses an unsupported sharing mode (literal and variable)', async () => {
      const literal = await create(`name: "x" accountGroupId: "${group}" sharingMode: PUBLIC`);
      expect(codes(literal)).toEqual(['UNSUPPORTED_SHARING_MODE']);
      expect(literal.body.errors[0].path).toEqual(['spaceCreate']);
      const variable = await gql(
        sim,
        token,
        'mutation($input: SpaceCreateInput!) { made: spaceCreate(input: $input) { id } }',
        { input: { name: 'x', accountGroupId: group, sharingMode: 'PRIVATE' } },
      );
      expect(codes(variable)).toEqual(['UNSUPPORTED_SHARING_MODE']);
      expect(variable.body.errors[0].path).toEqual(['made']);
    });

    it('refuses a Space beyond maxSpacesPerAccount (MAX_SPACE_COUNT_REACHED)', async () => {
      const capped = await start({ maxSpacesPerAccount: 23 });
      try {
        const t = await mint(capped);
        const res = await gql(
          capped,
          t,
          `mutation { spaceCreate(input: { name: "x", accountGroupId: "${group}" }) { id } }`,
        );
        expect(codes(res)).toEqual(['MAX_SPACE_COUNT_REACHED']);
      } finally {
        await capped.close();
      }
    });

    it('maxSpaceNameLength is configurable', async () => {
      const short = await start({ maxSpaceNameLength: 5 });
      try {
        const t = await mint(short);
        const res = await gql(
          short,
          t,
          `mutation { spaceCreate(input: { name: "abcdef", accountGroupId: "${group}" }) { id } }`,
        );
        expect(codes(res)).toEqual(['SPACE_NAME_IS_LENGTHY']);
      } finally {
        await short.close();
      }
    });
  });

  describe('spaceUpdate', () => {
    const update = (input: string) =>
      gql(sim, token, `mutation { spaceUpdate(input: { ${input} }) { ${SPACE_FIELDS} } }`);

    it('updates name and description, refreshes modifiedDate and keeps createdDate', async () => {
      const id = SEED.demoLiveSpaceIds[2] as string;
      const before = await gql(sim, token, `{ space(id: "${id}") { createdDate } }`);
      const res = await update(`id: "${id}" name: "Renamed" description: "new description"`);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.spaceUpdate).toMatchObject({
        id,
        name: 'Renamed',
        description: 'new description',
        createdDate: before.body.data.space.createdDate,
        modifiedByAccountId: null,
      });
      expect(res.body.data.spaceUpdate.modifiedDate).toMatch(SPACE_DATE);
      const read = await gql(sim, token, `{ space(id: "${id}") { name } }`);
      expect(read.body.data.space.name).toBe('Renamed');
    });

    it('theme.logoAltTxt changes alone; theme.logo: null removes the logo; theme: null removes the theme', async () => {
      const id = SEED.demoLiveSpaceIds[0] as string;
      const alt = await update(`id: "${id}" name: "test12" theme: { logoAltTxt: "new alt" }`);
      expect(alt.body.data.spaceUpdate.theme.logoAltTxt).toBe('new alt');
      expect(alt.body.data.spaceUpdate.theme.logoUrl).not.toBeNull();
      const logoUrl = alt.body.data.spaceUpdate.theme.logoUrl as string;
      const removed = await gql(
        sim,
        token,
        'mutation($file: Upload) { spaceUpdate(input: { id: "' +
          id +
          '", name: "test12", theme: { logo: $file } }) { theme { logoAltTxt logoUrl } } }',
        { file: null },
      );
      expect(removed.body.data.spaceUpdate.theme).toEqual({ logoAltTxt: 'new alt', logoUrl: null });
      expect((await fetch(logoUrl)).status).toBe(404);
      const noTheme = await update(`id: "${id}" name: "test12" theme: null`);
      expect(noTheme.body.data.spaceUpdate.theme).toBeNull();
    });

    it.each([
      ['missing id', 'id: "" name: "x"', 'MISSING_SPACE_ID'],
      ['unknown id', 'id: "nope" name: "x"', 'SPACE_NOT_FOUND'],
      ['deleted Space', `id: "${SEED.deletedSpaceId}" name: "x"`, 'SPACE_IS_DELETED'],
      ["another account's Space", `id: "${SEED.otherAccountSpaceId}" name: "x"`, 'UNAUTHORIZED'],
      ['missing name', `id: "${SEED.demoLiveSpaceIds[1]}" name: ""`, 'MISSING_SPACE_NAME'],
      ['invalid name', `id: "${SEED.demoLiveSpaceIds[1]}" name: "a/b"`, 'INVALID_SPACE_NAME'],
      ['long name', `id: "${SEED.demoLiveSpaceIds[1]}" name: "${'x'.repeat(101)}"`, 'SPACE_NAME_IS_LENGTHY'],
    ])('refuses a %s', async (_label, input, code) => {
      const res = await update(input);
      expect(codes(res)).toEqual([code]);
    });

    it('a member account may not update (only the creator account)', async () => {
      const member = await mint(sim, MEMBER_USER, SEED.memberAccountId);
      const res = await gql(
        sim,
        member,
        `mutation { spaceUpdate(input: { id: "${SEED.demoLiveSpaceIds[0]}", name: "x" }) { id } }`,
      );
      expect(codes(res)).toEqual(['UNAUTHORIZED']);
    });
  });

  describe('spaceDelete', () => {
    it('deletes once; then reads and a second delete answer SPACE_IS_DELETED; the group is free', async () => {
      const id = SEED.demoLiveSpaceIds[5] as string;
      const res = await gql(sim, token, `mutation { spaceDelete(id: "${id}") }`);
      expect(res.body).toEqual({ data: { spaceDelete: true } });
      expect(codes(await gql(sim, token, `mutation { spaceDelete(id: "${id}") }`))).toEqual([
        'SPACE_IS_DELETED',
      ]);
      expect(codes(await gql(sim, token, `{ space(id: "${id}") { id } }`))).toEqual(['SPACE_IS_DELETED']);
      const list = await gql(sim, token, '{ spaces { id accountGroup { id } } }');
      expect(list.body.data.spaces).toHaveLength(22);
      expect(sim.stats().mutations.map((m) => m.operation)).toEqual(['spaceDelete']);
    });

    it.each([
      ['missing id', '', 'MISSING_SPACE_ID'],
      ['unknown id', 'nope', 'SPACE_NOT_FOUND'],
      ["another account's Space", SEED.otherAccountSpaceId, 'UNAUTHORIZED'],
    ])('refuses a %s', async (_label, id, code) => {
      expect(codes(await gql(sim, token, `mutation { spaceDelete(id: "${id}") }`))).toEqual([code]);
    });
  });
});
