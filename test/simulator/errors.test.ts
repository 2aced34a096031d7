import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ErrorStyle, RunningSimulator, SimulatorOptions } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import {
  basicToken,
  codes,
  DEMO,
  gql,
  mint,
  signToken,
  start,
  TEST_JWT_SECRET,
  useSimulator,
} from './sim-client.ts';

const NOT_FOUND = '{ space(id: "nope") { id } }';
const EMPTY_NAME = `mutation { spaceCreate(input: { name: "", accountGroupId: "${SEED.freeAccountGroupIds[0]}" }) { id } }`;

async function withSim<T>(
  options: SimulatorOptions,
  fn: (sim: RunningSimulator, token: string) => Promise<T>,
) {
  const sim = await start(options);
  try {
    return await fn(sim, await mint(sim));
  } finally {
    await sim.close();
  }
}

describe('error styles, naming and status', () => {
  const cases: Array<[ErrorStyle, unknown]> = [
    [
      'extensions-code',
      { message: 'SPACE_NOT_FOUND', path: ['space'], extensions: { code: 'SPACE_NOT_FOUND' } },
    ],
    [
      'message-prefix',
      { message: 'SPACE_NOT_FOUND: No Space exists for id nope', path: ['space'], extensions: {} },
    ],
    [
      'extensions-error-code',
      {
        message: 'No Space exists for id nope',
        path: ['space'],
        extensions: { errorCode: 'SPACE_NOT_FOUND' },
      },
    ],
    [
      'downstream-wrapped',
      {
        message: 'Downstream Execution Error: SPACE_NOT_FOUND: No Space exists for id nope',
        path: ['space'],
        extensions: {},
      },
    ],
  ];
  it.each(cases)('%s', async (errorStyle, expected) => {
    await withSim({ errorStyle }, async (sim, token) => {
      const res = await gql(sim, token, NOT_FOUND);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { space: null }, errors: [expected] });
    });
  });

  it.each([
    ['legacy', 'MISSING_SPACE_NAME'],
    ['current', 'MISSING_NAME'],
  ] as const)('errorCodeNaming %s → %s', async (errorCodeNaming, code) => {
    await withSim({ errorCodeNaming }, async (sim, token) => {
      expect(codes(await gql(sim, token, EMPTY_NAME))).toEqual([code]);
      // Codes without a renamed spelling are the same in both namings.
      expect(codes(await gql(sim, token, NOT_FOUND))).toEqual(['SPACE_NOT_FOUND']);
    });
  });

  it('current naming renames every legacy code of SpaceErrorCode', async () => {
    await withSim({ errorCodeNaming: 'current', errorStyle: 'extensions-error-code' }, async (sim, token) => {
      const res = await gql(sim, token, `mutation { spaceUpdate(input: { id: "", name: "x" }) { id } }`);
      expect(res.body.errors[0].extensions).toEqual({ errorCode: 'MISSING_ID' });
      const long = await gql(
        sim,
        token,
        `mutation { spaceUpdate(input: { id: "${SEED.demoLiveSpaceIds[0]}", name: "${'x'.repeat(101)}" }) { id } }`,
      );
      expect(long.body.errors[0].extensions).toEqual({ errorCode: 'NAME_IS_LENGTHY' });
      const invalid = await gql(
        sim,
        token,
        `mutation { spaceUpdate(input: { id: "${SEED.demoLiveSpaceIds[0]}", name: "a|b" }) { id } }`,
      );
      expect(invalid.body.errors[0].extensions).toEqual({ errorCode: 'INVALID_NAME' });
    });
  });

  it.each([400, 500] as const)(
    'errorHttpStatus %i applies to responses carrying domain errors only',
    async (errorHttpStatus) => {
      await withSim({ errorHttpStatus }, async (sim, token) => {
        expect((await gql(sim, token, NOT_FOUND)).status).toBe(errorHttpStatus);
        expect((await gql(sim, token, '{ spaces { id } }')).status).toBe(200);
        const partial = await gql(
          sim,
          token,
          `{ ok: space(id: "${SEED.demoLiveSpaceIds[0]}") { id } bad: space(id: "nope") { id } }`,
        );
        expect(partial.status).toBe(errorHttpStatus);
        expect(partial.body.data.ok.id).toBe(SEED.demoLiveSpaceIds[0]);
      });
    },
  );
});

describe('request errors and special codes', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({ simulator: { jwtSecret: TEST_JWT_SECRET } }, (started) => {
    ({ sim, token } = started);
  });

  it('a syntax error is a 400 with locations and empty extensions (documented shape)', async () => {
    const res = await gql(sim, token, 'query spaceAccounts\n{\n  spaceAccounts\n  {\n     id\n  }}\n}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      data: null,
      errors: [
        { message: 'Syntax Error: Unexpected "}".', locations: [{ line: 7, column: 1 }], extensions: {} },
      ],
    });
  });

  it('validation errors (unknown field, missing argument, bad variable) are 400s with locations', async () => {
    const unknown = await gql(sim, token, '{ spaces { nope } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toEqual({
      message: 'Cannot query field "nope" on type "Space". Did you mean "name"?',
      locations: [{ line: 1, column: 12 }],
      extensions: {},
    });
    const missingArg = await gql(sim, token, '{ space { id } }');
    expect(missingArg.status).toBe(400);
    const badVar = await gql(sim, token, 'query($id: ID!) { space(id: $id) { id } }', {});
    expect(badVar.status).toBe(400);
    expect(badVar.body.errors[0].message).toMatch(/Variable "\$id" of required type "ID!" was not provided/);
    const unknownOp = await gql(sim, token, 'query a { spaces { id } } query b { spaces { id } }');
    expect(unknownOp.status).toBe(400);
  });

  it('an unexpected resolver exception → GENERIC_SYSTEM_ERROR without internals', async () => {
    sim.setFaults({ resolverExceptionRate: 1, operations: ['spaces'] });
    try {
      const res = await gql(sim, token, `{ spaces { id } space(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`);
      expect(res.body.data.space.id).toBe(SEED.demoLiveSpaceIds[0]);
      expect(res.body.errors).toEqual([
        { message: 'GENERIC_SYSTEM_ERROR', path: ['spaces'], extensions: { code: 'GENERIC_SYSTEM_ERROR' } },
      ]);
      expect(sim.stats().faultsInjected.resolverException).toBe(1);
    } finally {
      sim.setFaults({});
    }
  });

  it('Basic credentials on /graphql → INVALID_AUTH_METHOD; wrong Basic → 401', async () => {
    const ok = await fetch(sim.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basicToken(DEMO.username, DEMO.apiToken),
      },
      body: JSON.stringify({ query: '{ spaces { id } }' }),
    });
    const body = (await ok.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('INVALID_AUTH_METHOD');
    const bad = await fetch(sim.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicToken(DEMO.username, 'nope') },
      body: JSON.stringify({ query: '{ spaces { id } }' }),
    });
    expect(bad.status).toBe(401);
  });

  it('a JWT without accountId → MISSING_OP_ACCT_ID; a mutation without userId → MISSING_OP_USER_ID', async () => {
    const noAccount = await signToken({ userId: 'u1', user: 'x' });
    expect(codes(await gql(sim, noAccount, '{ spaces { id } }'))).toEqual(['MISSING_OP_ACCT_ID']);
    const noUser = await signToken({ accountId: SEED.demoAccountId });
    expect((await gql(sim, noUser, '{ spaces { id } }')).body.errors).toBeUndefined();
    expect(
      codes(await gql(sim, noUser, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`)),
    ).toEqual(['MISSING_OP_USER_ID']);
    expect(sim.stats().mutations).toHaveLength(0);
  });

  it('introspection works', async () => {
    const res = await gql(sim, token, getIntrospectionQuery());
    expect(res.status).toBe(200);
    const query = res.body.data.__schema.types.find((t: { name: string }) => t.name === 'Query');
    expect(query.fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['space', 'Space', 'spaces']),
    );
  });
});

describe('spaceQueryFields', () => {
  it.each([
    [['space'], 'Space'],
    [['Space'], 'space'],
  ] as const)('%j drops %s from the schema and from introspection', async (fields, dropped) => {
    await withSim({ spaceQueryFields: [...fields] }, async (sim, token) => {
      const res = await gql(sim, token, `{ ${dropped}(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(
        new RegExp(`^Cannot query field "${dropped}" on type "Query"\\.`),
      );
      const kept = await gql(sim, token, `{ ${fields[0]}(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`);
      expect(kept.status).toBe(200);
      const intro = await gql(sim, token, '{ __type(name: "Query") { fields { name } } }');
      const names = intro.body.data.__type.fields.map((f: { name: string }) => f.name);
      expect(names).toContain(fields[0]);
      expect(names).not.toContain(dropped);
    });
  });
});

describe('logo/theme store failures (fault themeStoreDown)', () => {
  it('raise SPACE_LOGO_GET_ERROR, SPACE_LOGO_DELETE_ERROR and SPACE_THEME_DELETE_ERROR', async () => {
    await withSim({ faults: { themeStoreDown: true } }, async (sim, token) => {
      const id = SEED.demoLiveSpaceIds[0] as string;
      const read = await gql(sim, token, `{ space(id: "${id}") { id theme { logoAltTxt logoUrl } } }`);
      expect(read.body.data.space.theme).toEqual({ logoAltTxt: 'test12 logo', logoUrl: null });
      expect(read.body.errors[0]).toMatchObject({
        path: ['space', 'theme', 'logoUrl'],
        extensions: { code: 'SPACE_LOGO_GET_ERROR' },
      });
      const removeLogo = await gql(
        sim,
        token,
        `mutation { spaceUpdate(input: { id: "${id}", name: "test12", theme: { logo: null } }) { id } }`,
      );
      expect(codes(removeLogo)).toEqual(['SPACE_LOGO_DELETE_ERROR']);
      expect(codes(await gql(sim, token, `mutation { spaceDelete(id: "${id}") }`))).toEqual([
        'SPACE_LOGO_DELETE_ERROR',
      ]);
      // Space 3 has a theme without a logo.
      const themed = SEED.demoLiveSpaceIds[3] as string;
      const removeTheme = await gql(
        sim,
        token,
        `mutation { spaceUpdate(input: { id: "${themed}", name: "x", theme: null }) { id } }`,
      );
      expect(codes(removeTheme)).toEqual(['SPACE_THEME_DELETE_ERROR']);
      expect(codes(await gql(sim, token, `mutation { spaceDelete(id: "${themed}") }`))).toEqual([
        'SPACE_THEME_DELETE_ERROR',
      ]);
      expect(sim.stats().mutations).toHaveLength(0);
    });
  });
});
