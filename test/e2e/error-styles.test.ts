/**
 * Every error code the simulator can produce, in every upstream error style and code naming, reaches
 * the client normalized: catalog code, category, retryable, `upstreamCode` only when Boomi spelled
 * the code differently, the right path (nested ones included), the catalog message, and nothing of
 * the upstream's own text.
 *
 * Not reachable through the subgraph (our schema rejects the input before any upstream call):
 * UNSUPPORTED_SHARING_MODE (SpaceSharingMode has one value) and ACCOUNT_INPUT_MISSING_FIELDS (both
 * criteria fields are non-null). The simulator's mapping of those is covered by test/simulator.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CanonicalCode, ERROR_CATALOG } from '../../src/errors/catalog.ts';
import { UNKNOWN_UPSTREAM_MESSAGE } from '../../src/errors/normalize-upstream.ts';
import { CURRENT_CODE_NAMES, type SimErrorCode } from '../../src/simulator/error-codes.ts';
import {
  DEFAULT_SANDBOX_CREDENTIALS,
  type ErrorStyle,
  type FaultConfig,
  SEED,
} from '../../src/simulator/index.ts';
import { ERROR_STYLES } from '../../src/simulator/types.ts';
import { LOGOS, logoFile, postMultipart } from '../helpers/multipart.ts';
import { type GraphQLResponse, type Stack, startStack } from '../helpers/stack.ts';
import { createUpstreamTap, type UpstreamTap } from '../helpers/upstream-tap.ts';

const JWT_SECRET = 'e2e-error-styles-secret-0123456789';

/** Discovered once per stack through the subgraph. */
interface Ids {
  home: { id: string; guid: string; name: string; groupId: string };
  /** A Space with a theme but no logo (theme removal without logo removal). */
  themedNoLogo: { id: string; name: string };
  processId: string;
  inReviewListingId: string;
}

interface Case {
  code: SimErrorCode & CanonicalCode;
  /** What to send; `ids` are the discovered ids. */
  query: (ids: Ids) => { query: string; variables?: Record<string, unknown> };
  path: (string | number)[];
  faults?: FaultConfig;
  /** Replace the JWT with a hand-signed one lacking a claim, or use Basic auth on /graphql. */
  auth?: 'basic' | 'no-user' | 'no-account';
  /** Send a valid svg logo at variables.input.theme.logo (multipart). */
  upload?: boolean;
}

const mutationCreate = (input: Record<string, unknown>) => ({
  query: 'mutation ($in: SpaceCreateInput!) { spaceCreate(input: $in) { id } }',
  variables: { in: input },
});

/** Every code the simulator can produce through the subgraph, with how to provoke it. */
const CASES: Case[] = [
  {
    code: 'MISSING_SPACE_NAME',
    query: (ids) => mutationCreate({ name: '', accountGroupId: ids.home.groupId }),
    path: ['spaceCreate'],
  },
  {
    code: 'MISSING_ACCT_GRP_ID',
    query: () => mutationCreate({ name: 'No group', accountGroupId: '' }),
    path: ['spaceCreate'],
  },
  {
    code: 'INVALID_SPACE_NAME',
    query: (ids) => mutationCreate({ name: 'bad <name>', accountGroupId: ids.home.groupId }),
    path: ['spaceCreate'],
  },
  {
    code: 'SPACE_EXISTS_FOR_ACCT_GRP',
    query: (ids) => mutationCreate({ name: 'Second Space', accountGroupId: ids.home.groupId }),
    path: ['spaceCreate'],
  },
  {
    code: 'SPACE_NAME_IS_LENGTHY',
    query: (ids) => mutationCreate({ name: 'n'.repeat(101), accountGroupId: ids.home.groupId }),
    path: ['spaceCreate'],
  },
  {
    code: 'PLATFORM_CALL_ERROR',
    query: () => mutationCreate({ name: 'Unknown group', accountGroupId: 'no-such-group' }),
    path: ['spaceCreate'],
  },
  {
    // The simulator runs with maxSpacesPerAccount: 1 and the account owns 23 Spaces.
    code: 'MAX_SPACE_COUNT_REACHED',
    query: () => mutationCreate({ name: 'Over quota', accountGroupId: SEED.freeAccountGroupIds[0] }),
    path: ['spaceCreate'],
  },
  {
    code: 'MISSING_SPACE_ID',
    query: () => ({ query: '{ aliased: space(id: "") { id } }' }),
    path: ['aliased'],
  },
  {
    code: 'SPACE_NOT_FOUND',
    query: () => ({ query: '{ space(id: "no-such-space-0001") { id } }' }),
    path: ['space'],
  },
  {
    code: 'SPACE_IS_DELETED',
    query: () => ({ query: `{ space(id: "${SEED.deletedSpaceId}") { id } }` }),
    path: ['space'],
  },
  {
    code: 'UNAUTHORIZED',
    query: () => ({ query: `{ space(id: "${SEED.otherAccountSpaceId}") { id } }` }),
    path: ['space'],
  },
  {
    code: 'GENERIC_SYSTEM_ERROR',
    query: () => ({ query: '{ spaces { id } }' }),
    path: ['spaces'],
    faults: { resolverExceptionRate: 1, operations: ['spaces'] },
  },
  {
    code: 'INVALID_AUTH_METHOD',
    query: () => ({ query: '{ spaces { id } }' }),
    path: ['spaces'],
    auth: 'basic',
  },
  {
    code: 'MISSING_OP_USER_ID',
    query: (ids) => ({ query: `mutation { spaceDelete(id: "${ids.home.id}") }` }),
    path: ['spaceDelete'],
    auth: 'no-user',
  },
  {
    code: 'MISSING_OP_ACCT_ID',
    query: () => ({ query: '{ spaces { id } }' }),
    path: ['spaces'],
    auth: 'no-account',
  },
  {
    code: 'ARTIFACT_NOT_IN_SPACE',
    query: () => ({
      query:
        'mutation { spaceArtifactListingDelete(id: "no-such-listing", spaceArtifactListingType: INTEGRATION_PACK) }',
    }),
    path: ['spaceArtifactListingDelete'],
  },
  {
    code: 'ARTIFACT_DELETE_ERROR',
    query: (ids) => ({
      query: `mutation { spaceArtifactListingDelete(id: "${ids.inReviewListingId}", spaceArtifactListingType: INTEGRATION_PACK) }`,
    }),
    path: ['spaceArtifactListingDelete'],
  },
  {
    code: 'IPACK_INSTANCE_ID_INVALID',
    query: (ids) => ({
      query: `{ integrationPackInstanceProcesses(spaceGuid: "${ids.home.guid}", integrationPackInstanceId: "bad-instance") { id } }`,
    }),
    path: ['integrationPackInstanceProcesses'],
  },
  {
    code: 'IPACK_NOT_FOUND_IN_SPACE',
    query: () => ({
      query:
        'mutation { integrationPackInstanceInstall(input: { integrationPackId: "no-such-pack" }) { id } }',
    }),
    path: ['integrationPackInstanceInstall'],
  },
  {
    code: 'INVALID_OR_PAST_DATE',
    query: (ids) => ({
      query: `{ executionHistory(spaceGuid: "${ids.home.guid}", input: { processId: "${ids.processId}", executionTime: "yesterday", status: ERROR }) { executionId } }`,
    }),
    path: ['executionHistory'],
  },
  {
    // An error on one list element: the rest of the list resolves.
    code: 'SPACE_LOGO_GET_ERROR',
    query: () => ({ query: '{ spaces { id theme { logoAltTxt logoUrl } } }' }),
    path: ['spaces', 0, 'theme', 'logoUrl'],
    faults: { themeStoreDown: true },
  },
  {
    code: 'SPACE_LOGO_UPLOAD_ERROR',
    query: (ids) => ({
      query: 'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id } }',
      variables: { in: { id: ids.home.id, name: ids.home.name, theme: { logo: null } } },
    }),
    path: ['spaceUpdate'],
    faults: { themeStoreDown: true },
    upload: true,
  },
  {
    code: 'SPACE_LOGO_DELETE_ERROR',
    query: (ids) => ({
      query: 'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id } }',
      variables: { in: { id: ids.home.id, name: ids.home.name, theme: { logo: null } } },
    }),
    path: ['spaceUpdate'],
    faults: { themeStoreDown: true },
  },
  {
    code: 'SPACE_THEME_DELETE_ERROR',
    query: (ids) => ({
      query: 'mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id } }',
      variables: { in: { id: ids.themedNoLogo.id, name: ids.themedNoLogo.name, theme: null } },
    }),
    path: ['spaceUpdate'],
    faults: { themeStoreDown: true },
  },
];

/** Codes checked under errorHttpStatus 400 and 500 (the full list runs under 200). */
const STATUS_SUBSET: ReadonlySet<string> = new Set([
  'MISSING_SPACE_NAME',
  'SPACE_NOT_FOUND',
  'SPACE_LOGO_GET_ERROR',
  'MISSING_OP_ACCT_ID',
]);

async function signWithout(claim: 'userId' | 'accountId'): Promise<string> {
  const claims: Record<string, string> = {
    user: DEFAULT_SANDBOX_CREDENTIALS.username,
    userId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    accountId: DEFAULT_SANDBOX_CREDENTIALS.accountId,
  };
  delete claims[claim];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('boomi-platform-simulator')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

const BASIC = `Basic ${Buffer.from(
  `BOOMI_TOKEN.${DEFAULT_SANDBOX_CREDENTIALS.username}:${DEFAULT_SANDBOX_CREDENTIALS.apiToken}`,
).toString('base64')}`;

/** The error messages the upstream sent, except bare code names (the extensions-code style). */
function upstreamMessages(tap: UpstreamTap, from: number): string[] {
  const messages: string[] = [];
  for (const call of tap.calls.slice(from)) {
    try {
      const body = JSON.parse(call.responseText) as { errors?: Array<{ message: string }> };
      for (const error of body.errors ?? []) {
        if (!/^[A-Z_]+$/.test(error.message)) messages.push(error.message);
      }
    } catch {
      // not JSON: nothing to look for
    }
  }
  return messages;
}

/**
 * The full code list in every style × naming at HTTP 200; the HTTP status of error responses matters
 * only to the executor's transport handling (independent of the style), so 400 and 500 run a subset
 * of codes in two style/naming pairs each, covering all four styles and both namings.
 */
const combos: Array<{ style: ErrorStyle; naming: 'legacy' | 'current'; status: 200 | 400 | 500 }> = [
  ...ERROR_STYLES.flatMap((style) =>
    (['legacy', 'current'] as const).map((naming) => ({ style, naming, status: 200 as const })),
  ),
  { style: 'extensions-code', naming: 'legacy', status: 400 },
  { style: 'message-prefix', naming: 'current', status: 400 },
  { style: 'extensions-error-code', naming: 'legacy', status: 500 },
  { style: 'downstream-wrapped', naming: 'current', status: 500 },
];

describe.each(combos)('errorStyle $style, naming $naming, HTTP $status', ({ style, naming, status }) => {
  let stack: Stack;
  let ids: Ids;
  const tap = createUpstreamTap();
  const noUser = signWithout('userId');
  const noAccount = signWithout('accountId');

  beforeAll(async () => {
    stack = await startStack({
      sim: {
        errorStyle: style,
        errorCodeNaming: naming,
        errorHttpStatus: status,
        maxSpacesPerAccount: 1,
        jwtSecret: JWT_SECRET,
      },
      env: { LOG_LEVEL: 'warn' },
      server: { upstreamFetch: tap.fetch },
    });
    const spaces = await stack.query<{
      spaces: Array<{
        id: string;
        guid: string;
        name: string;
        accountGroup: { id: string };
        theme: { logoUrl: string | null } | null;
      }>;
    }>('{ spaces { id guid name accountGroup { id } theme { logoUrl } } }');
    const all = spaces.body.data!.spaces;
    const home = all[0]!;
    const themed = all.find((s) => s.theme !== null && s.theme.logoUrl === null)!;
    const instances = await stack.query<{ integrationPackInstances: Array<{ id: string }> }>(
      `{ integrationPackInstances(spaceGuid: "${home.guid}") { id } }`,
    );
    const processes = await stack.query<{ integrationPackInstanceProcesses: Array<{ id: string }> }>(
      `{ integrationPackInstanceProcesses(spaceGuid: "${home.guid}", integrationPackInstanceId: "${instances.body.data!.integrationPackInstances[0]!.id}") { id } }`,
    );
    const listings = await stack.query<{
      spaceArtifactListings: {
        spaceArtifactsData: Array<{ id: string; submissionStatus: { spaceArtifactStatus: string } }>;
      };
    }>(
      `{ spaceArtifactListings(input: { spaceId: "${home.id}", spaceArtifactListingType: INTEGRATION_PACK }) {
         spaceArtifactsData { id submissionStatus { ... on ArtifactSubmissionStatus { spaceArtifactStatus } } } } }`,
    );
    ids = {
      home: { id: home.id, guid: home.guid, name: home.name, groupId: home.accountGroup.id },
      themedNoLogo: { id: themed.id, name: themed.name },
      processId: processes.body.data!.integrationPackInstanceProcesses[0]!.id,
      inReviewListingId: listings.body.data!.spaceArtifactListings.spaceArtifactsData.find(
        (l) => l.submissionStatus.spaceArtifactStatus === 'IN_REVIEW',
      )!.id,
    };
  });
  afterAll(async () => {
    await stack?.close();
  });

  const cases = status === 200 ? CASES : CASES.filter((c) => STATUS_SUBSET.has(c.code));
  it.each(cases)('$code', async (testCase) => {
    const { query, variables = {} } = testCase.query(ids);
    const firstCall = tap.calls.length;
    const mutationsBefore = stack.sim.stats().mutations.length;
    if (testCase.faults) stack.sim.setFaults(testCase.faults);
    const token =
      testCase.auth === 'no-user'
        ? await noUser
        : testCase.auth === 'no-account'
          ? await noAccount
          : undefined;
    tap.overrideAuthorization =
      testCase.auth === 'basic' ? () => BASIC : token === undefined ? undefined : () => `Bearer ${token}`;
    let res: GraphQLResponse;
    try {
      res = testCase.upload
        ? await postMultipart(stack.url, query, variables, {
            'variables.in.theme.logo': logoFile(LOGOS.svg, 'logo.svg', 'image/svg+xml'),
          })
        : await stack.query(query, variables);
    } finally {
      tap.overrideAuthorization = undefined;
      stack.sim.setFaults({});
    }

    // The upstream really answered in this style, naming and status.
    const upstreamName =
      naming === 'current' ? (CURRENT_CODE_NAMES[testCase.code] ?? testCase.code) : testCase.code;
    const upstreamCall = tap.calls[tap.calls.length - 1]!;
    expect(tap.calls.length - firstCall).toBe(1);
    expect(upstreamCall.status).toBe(status);
    expect(upstreamCall.responseText).toContain(upstreamName);

    expect(res.status).toBe(200);
    expect(res.body.errors, res.text).toHaveLength(1);
    const [error] = res.body.errors!;
    const entry = ERROR_CATALOG[testCase.code];
    expect(error!.message).toBe(entry.message);
    expect(error!.path).toEqual(testCase.path);
    expect(error!.extensions).toEqual({
      code: testCase.code,
      category: entry.category,
      retryable: entry.retryable,
      ...(upstreamName === testCase.code ? {} : { upstreamCode: upstreamName }),
    });
    if (testCase.path.length > 1) {
      // Partial data: the failing leaf is null, its siblings and the other elements resolved.
      const data = res.body.data as {
        spaces: Array<{ id: string; theme: { logoAltTxt: string; logoUrl: null } | null }>;
      };
      expect(data.spaces).toHaveLength(23);
      expect(data.spaces[0]!.theme).toEqual({ logoAltTxt: 'test12 logo', logoUrl: null });
    } else {
      expect(res.body.data).toEqual({ [testCase.path[0] as string]: null });
    }

    // Nothing of the upstream's own text: no URL, no human message, no gateway prefix.
    expect(res.text).not.toContain(stack.sim.url);
    expect(res.text).not.toContain('Downstream Execution Error');
    for (const message of upstreamMessages(tap, firstCall)) {
      // "A Space name is required" is also how our catalog words it: not a leak.
      if (!entry.message.startsWith(message)) expect(res.text).not.toContain(message);
    }
    // A failed mutation changes nothing.
    expect(stack.sim.stats().mutations.length).toBe(mutationsBefore);
  });
});

describe('an upstream error without a known code', () => {
  let stack: Stack;
  const tap = createUpstreamTap();
  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn' }, server: { upstreamFetch: tap.fetch } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('becomes INTERNAL_SERVER_ERROR (category UPSTREAM) at its path and is logged server-side, redacted', async () => {
    const secretish = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQtMTIzNDU2';
    tap.rewriteResponse = () =>
      JSON.stringify({
        data: { space: null },
        errors: [
          {
            message: `Kaboom: NullPointerException at ${stack.sim.url}/internal with ${secretish}`,
            path: ['space'],
            extensions: { classification: 'DataFetchingException', trace: 'com.boomi.Foo' },
          },
        ],
      });
    const logsBefore = stack.logs.length;
    let res: GraphQLResponse;
    try {
      res = await stack.query('{ space(id: "anything") { id } }');
    } finally {
      tap.rewriteResponse = undefined;
    }
    expect(res.body).toEqual({
      data: { space: null },
      errors: [
        {
          message: UNKNOWN_UPSTREAM_MESSAGE,
          path: ['space'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', category: 'UPSTREAM', retryable: false },
        },
      ],
    });
    expect(res.text).not.toContain('Kaboom');
    const logged = stack.logs.slice(logsBefore).join('\n');
    expect(logged).toContain('unrecognized upstream error');
    expect(logged).toContain('Kaboom: NullPointerException');
    expect(logged).not.toContain(secretish);
  });
});
