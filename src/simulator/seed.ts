/**
 * Deterministic seed data of the simulator. `createSeedState()` builds a fresh copy every time it is
 * called (start and reset); all ids come from a seeded PRNG, so every run sees the same ids.
 *
 * Shape (see docs/simulator.md for the full summary):
 * - demo account `demoaccount-XOCI9G`: 26 account groups; 23 live Spaces (one per group), 1 deleted
 *   Space, 2 groups without any Space (spaceCreate can succeed there);
 * - member account `demoacct1-BQZ9V2`: member (not owner) of every even-numbered demo Space;
 * - other account `otheraccount-Q7M2ZP`: 3 groups, 2 Spaces the demo account may not touch.
 */
import { formatExecutionTime, formatSpaceDate } from './formats.ts';
import type {
  AccountGroupRecord,
  EnvironmentRecord,
  ExecutionRecord,
  IntegrationPackRecord,
  SimState,
  SpaceRecord,
} from './model.ts';
import { attachInstance, installInstance, processesOf } from './platform-ops.ts';
import { createPrng } from './prng.ts';
import type { SimulatorUser } from './types.ts';

const SEED_NUMBER = 0x5eed;

/** Account id of the main demo account (owner of the 23 live seed Spaces). */
export const DEMO_ACCOUNT_ID = 'demoaccount-XOCI9G';
/** A sub-account that is a member (not the owner) of the even-numbered demo Spaces. */
export const MEMBER_ACCOUNT_ID = 'demoacct1-BQZ9V2';
/** A second, unrelated account that owns Spaces the demo account may not touch. */
export const OTHER_ACCOUNT_ID = 'otheraccount-Q7M2ZP';

/**
 * Users known to the auth endpoint. The tokens are public fixture values of the simulator (never
 * real credentials).
 */
export const SEED_USERS: readonly SimulatorUser[] = Object.freeze([
  {
    username: 'demo.user@example.com',
    apiToken: 'sim-demo-api-token-7f3c9a1e',
    password: 'sim-demo-password',
    userId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    accountIds: [DEMO_ACCOUNT_ID],
  },
  {
    username: 'member.user@example.com',
    apiToken: 'sim-member-api-token-2b8d4e6f',
    userId: '7a2d3b4c-5e6f-4071-9b8c-0d1e2f3a4b5c',
    accountIds: [MEMBER_ACCOUNT_ID],
  },
  {
    username: 'other.user@example.com',
    apiToken: 'sim-other-api-token-9c1e3a5b',
    userId: '8b3e4c5d-6f70-4182-8c9d-1e2f3a4b5c6d',
    accountIds: [OTHER_ACCOUNT_ID],
  },
]);

const demoUser = SEED_USERS[0] as SimulatorUser;

/** Credentials of the main demo account, used by the subgraph's sandbox mode. */
export const DEFAULT_SANDBOX_CREDENTIALS: Readonly<{
  accountId: string;
  username: string;
  apiToken: string;
}> = Object.freeze({ accountId: DEMO_ACCOUNT_ID, username: demoUser.username, apiToken: demoUser.apiToken });

const NAMED_ACCOUNTS: Array<[string, string]> = [
  [DEMO_ACCOUNT_ID, 'Demo Account'],
  [MEMBER_ACCOUNT_ID, 'Demo Account 1'],
  ['demoacct2-LIYF9V', 'Demo Account 2'],
  ['demoacct3-2DOYAL', 'Demo Account 3'],
  ['demoacct3-17BSXD', 'Demo Account 3b'],
  ['sidpopaccount-746SUU', 'Sidpop Account'],
  ['name-1accounta-WU8VYK', 'Name-1-Account-A'],
  ['name-2accounta-V41CJX', 'Name-2-Account-A'],
  ['name-3accounta-7MVN0U', 'Name-3-Account-A'],
  ['TestAccountA-WU8VYK', 'Test-Account-A'],
  [OTHER_ACCOUNT_ID, 'Other Account'],
];

const PACKS: Array<[string, 'SINGLE' | 'MULTI', string[]]> = [
  ['Salesforce to NetSuite Sync', 'MULTI', ['Sync Accounts', 'Sync Opportunities']],
  ['Workday Employee Onboarding', 'SINGLE', ['Create Employee', 'Provision Accounts']],
  ['SAP Order to Cash', 'SINGLE', ['Import Orders', 'Post Invoices']],
  ['ServiceNow Incident Bridge', 'MULTI', ['Open Incidents', 'Close Incidents']],
  ['Shopify Orders Import', 'MULTI', ['Fetch Orders', 'Update Inventory']],
  ['HubSpot Contacts Sync', 'SINGLE', ['Sync Contacts', 'Sync Companies']],
  ['Slack Notifications', 'MULTI', ['Post Alerts', 'Daily Digest']],
  ['Zendesk Ticket Export', 'SINGLE', ['Export Tickets', 'Archive Tickets']],
];

/** 26 demo groups: 0..22 get a live Space, 23 a deleted one, 24 and 25 none. */
const DEMO_GROUP_NAMES = [
  'All Accounts',
  'Trial1',
  'EMEA Partners',
  'APAC Partners',
  'North America Resellers',
  'LATAM Distributors',
  'Healthcare Customers',
  'Retail Customers',
  'Finance Team',
  'HR Team',
  'Logistics',
  'Manufacturing',
  'Public Sector',
  'Education',
  'Energy',
  'Media',
  'Telecom',
  'Insurance',
  'Pharma',
  'Automotive',
  'Hospitality',
  'Travel',
  'Nonprofits',
  'Archived Projects',
  'Unassigned Group A',
  'Unassigned Group B',
];
/** Groups 0..22 get a live Space (23 live Spaces); group 23 a deleted one. */
const DELETED_GROUP_INDEX = 23;
/** Group whose members exclude the demo account (its Space's sharedIpacks → UNAUTHORIZED for the owner). */
const GROUP_WITHOUT_OWNER_INDEX = 2;

/** A tiny valid SVG stored as the seeded logo of the first demo Space. */
export const SEED_LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" fill="#0a6"/></svg>';

const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Builds a fresh, deterministic platform state. */
export function createSeedState(): SimState {
  const rng = createPrng(SEED_NUMBER);
  const state: SimState = {
    accounts: new Map(),
    accountGroups: new Map(),
    integrationPacks: new Map(),
    spaces: new Map(),
    logos: new Map(),
    instances: new Map(),
    environments: new Map(),
    atoms: new Map(),
    attachments: new Map(),
    processes: new Map(),
    processSchedules: new Map(),
    executions: [],
    extensions: new Map(),
    mapExtensions: new Map(),
    oauthDetails: new Map(),
    listings: new Map(),
    nextInstanceNumber: 27972,
    rng,
  };

  for (const [id, name] of NAMED_ACCOUNTS) state.accounts.set(id, { id, name });
  const partnerIds: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const id = `partner${i}-${rng.chars(6, ALNUM_UPPER)}`;
    state.accounts.set(id, { id, name: `Partner-${i}` });
    partnerIds.push(id);
  }
  const otherSubIds: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const id = `othersub${i}-${rng.chars(6, ALNUM_UPPER)}`;
    state.accounts.set(id, { id, name: `Other-Sub-${i}` });
    otherSubIds.push(id);
  }
  const demoSubIds = NAMED_ACCOUNTS.map(([id]) => id).filter(
    (id) => id !== DEMO_ACCOUNT_ID && id !== OTHER_ACCOUNT_ID && id !== MEMBER_ACCOUNT_ID,
  );

  const packs: IntegrationPackRecord[] = PACKS.map(([name, installationType, processNames]) => ({
    id: rng.uuid(),
    name,
    description: `${name} integration pack`,
    installationType,
    processNames,
  }));
  for (const pack of packs) state.integrationPacks.set(pack.id, pack);
  const packIds = packs.map((p) => p.id);

  // Demo account groups and Spaces.
  const baseDate = Date.UTC(2022, 10, 2, 18, 41, 11);
  DEMO_GROUP_NAMES.forEach((groupName, index) => {
    const members = new Set<string>();
    if (index !== GROUP_WITHOUT_OWNER_INDEX) members.add(DEMO_ACCOUNT_ID);
    if (index % 2 === 0) members.add(MEMBER_ACCOUNT_ID);
    const pool = [...demoSubIds, ...partnerIds];
    const extra = 2 + rng.int(3);
    for (let k = 0; k < extra; k++) members.add(rng.pick(pool));
    const groupPacks = index === 0 ? [...packIds] : pickDistinct(rng, packIds, 3);
    const group: AccountGroupRecord = {
      id: rng.uuid(),
      name: groupName,
      ownerAccountId: DEMO_ACCOUNT_ID,
      accountIds: [...members],
      integrationPackIds: groupPacks,
    };
    state.accountGroups.set(group.id, group);
    if (index > DELETED_GROUP_INDEX) return;
    const created = new Date(baseDate + index * 86_400_000 + rng.int(3600) * 1000);
    const modified = index % 2 === 1 ? new Date(created.getTime() + (30 + index) * 86_400_000) : null;
    const name = index === 0 ? 'test12' : index === 1 ? 'Trial1_Space' : `${groupName} Space`;
    const space: SpaceRecord = {
      id: rng.uuid(),
      guid: rng.uuid(),
      name,
      description: index % 3 === 0 ? null : `Space of the ${groupName} account group`,
      accountGroupId: group.id,
      createdByAccountId: DEMO_ACCOUNT_ID,
      createdByUserId: demoUser.userId,
      createdDate: formatSpaceDate(created),
      modifiedDate: modified ? formatSpaceDate(modified) : null,
      modifiedByAccountId: null,
      sharingMode: 'ACCOUNT_GROUP',
      integrationPackIds: groupPacks.slice(0, 1 + (index % 3)),
      accountIds: group.accountIds.filter((id) => id !== DEMO_ACCOUNT_ID),
      theme: index % 3 === 0 ? { logoAltTxt: `${name} logo`, logoId: null } : null,
      deleted: index === DELETED_GROUP_INDEX,
    };
    state.spaces.set(space.id, space);
    if (index === 0 && space.theme) {
      const logoId = rng.uuid();
      state.logos.set(logoId, {
        id: logoId,
        contentType: 'image/svg+xml',
        filename: 'logo.svg',
        bytes: new TextEncoder().encode(SEED_LOGO_SVG),
      });
      space.theme.logoId = logoId;
    }
  });

  // Other account: 3 groups, Spaces on the first two.
  for (let index = 0; index < 3; index++) {
    const group: AccountGroupRecord = {
      id: rng.uuid(),
      name: `Other Group ${index + 1}`,
      ownerAccountId: OTHER_ACCOUNT_ID,
      accountIds: [OTHER_ACCOUNT_ID, ...otherSubIds],
      integrationPackIds: pickDistinct(rng, packIds, 2),
    };
    state.accountGroups.set(group.id, group);
    if (index === 2) continue;
    const created = new Date(Date.UTC(2023, 0, 10 + index, 9, 0, 0));
    const space: SpaceRecord = {
      id: rng.uuid(),
      guid: rng.uuid(),
      name: `Other Space ${index + 1}`,
      description: null,
      accountGroupId: group.id,
      createdByAccountId: OTHER_ACCOUNT_ID,
      createdByUserId: (SEED_USERS[2] as SimulatorUser).userId,
      createdDate: formatSpaceDate(created),
      modifiedDate: null,
      modifiedByAccountId: null,
      sharingMode: 'ACCOUNT_GROUP',
      integrationPackIds: [...group.integrationPackIds],
      accountIds: [...otherSubIds],
      theme: null,
      deleted: false,
    };
    state.spaces.set(space.id, space);
  }

  // Environments and atoms.
  const envSpecs: Array<[string, string, 'PROD' | 'TEST', string[]]> = [
    [DEMO_ACCOUNT_ID, 'Production', 'PROD', ['Prod Atom 1', 'Prod Atom 2']],
    [DEMO_ACCOUNT_ID, 'TestEnvPr', 'TEST', ['Test_atom1', 'Test_atom2']],
    [DEMO_ACCOUNT_ID, 'Staging', 'TEST', ['Staging Molecule']],
    [MEMBER_ACCOUNT_ID, 'Member Production', 'PROD', ['Member Atom']],
    [OTHER_ACCOUNT_ID, 'Other Production', 'PROD', ['Other Atom']],
  ];
  const envs: EnvironmentRecord[] = envSpecs.map(([accountId, name, classification, atomNames]) => {
    const atomIds = atomNames.map((atomName) => {
      const atom = { id: rng.uuid(), name: atomName };
      state.atoms.set(atom.id, atom);
      return atom.id;
    });
    const env: EnvironmentRecord = { id: rng.uuid(), name, classification, accountId, atomIds };
    state.environments.set(env.id, env);
    return env;
  });
  const [demoProd, demoTest, , memberProd, otherProd] = envs as [
    EnvironmentRecord,
    EnvironmentRecord,
    EnvironmentRecord,
    EnvironmentRecord,
    EnvironmentRecord,
  ];

  // Instances: the demo account installs every pack shared with one of its live Spaces.
  const demoSharedPacks = new Set<string>();
  for (const space of state.spaces.values()) {
    if (space.createdByAccountId === DEMO_ACCOUNT_ID && !space.deleted) {
      for (const id of space.integrationPackIds) demoSharedPacks.add(id);
    }
  }
  let instanceIndex = 0;
  for (const pack of packs) {
    if (!demoSharedPacks.has(pack.id)) continue;
    const names = pack.installationType === 'MULTI' ? [`${pack.name} - EU`, `${pack.name} - US`] : [null];
    for (const overrideName of names) {
      const instance = installInstance(state, DEMO_ACCOUNT_ID, pack, overrideName);
      attachInstance(state, instance, demoProd, pack);
      if (instanceIndex % 2 === 0) attachInstance(state, instance, demoTest, pack);
      instanceIndex++;
    }
  }
  const memberSpacePack = [...state.spaces.values()].find(
    (s) => !s.deleted && s.accountIds.includes(MEMBER_ACCOUNT_ID),
  )?.integrationPackIds[0];
  const memberPack = memberSpacePack ? state.integrationPacks.get(memberSpacePack) : undefined;
  if (memberPack) {
    const instance = installInstance(state, MEMBER_ACCOUNT_ID, memberPack, `${memberPack.name} - Member`);
    attachInstance(state, instance, memberProd, memberPack);
  }
  const otherSpacePack = [...state.spaces.values()].find((s) => s.createdByAccountId === OTHER_ACCOUNT_ID)
    ?.integrationPackIds[0];
  const otherPack = otherSpacePack ? state.integrationPacks.get(otherSpacePack) : undefined;
  if (otherPack) {
    const instance = installInstance(state, OTHER_ACCOUNT_ID, otherPack, `${otherPack.name} - Other`);
    attachInstance(state, instance, otherProd, otherPack);
  }

  // Schedules: give every other process a business-hours schedule.
  let scheduleIndex = 0;
  for (const schedules of state.processSchedules.values()) {
    if (scheduleIndex++ % 2 === 0) {
      const line = {
        minutes: '0-59/15',
        hours: '8-18',
        daysOfWeek: '2,3,4,5,6',
        daysOfMonth: '*',
        months: '*',
        years: '*',
      };
      schedules.schedule = [line];
      schedules.retry = { schedule: [{ ...line, minutes: '0-59/30' }], maxRetry: 3 };
    }
  }

  // Execution history: four records per scheduled process.
  const statuses: ExecutionRecord['status'][] = ['COMPLETE', 'ERROR', 'COMPLETE_WARN', 'COMPLETE', 'ABORTED'];
  let executionIndex = 0;
  for (const schedules of state.processSchedules.values()) {
    const process = state.processes.get(schedules.processId);
    const instance = process ? state.instances.get(process.instanceId) : undefined;
    const atom = state.atoms.get(schedules.atomId);
    if (!process || !instance || !atom) continue;
    for (let k = 0; k < 4; k++) {
      const when = new Date(Date.UTC(2023, 3, 20, 6 + k * 3, 30, 0) + executionIndex * 3_600_000);
      const status = statuses[(executionIndex + k) % statuses.length] ?? 'COMPLETE';
      const executionId = `execution-${rng.uuid()}-${formatExecutionTime(when).slice(0, 10).replaceAll('-', '.')}`;
      state.executions.push({
        executionId,
        originalExecutionId: executionId,
        account: instance.accountId,
        executionTime: formatExecutionTime(when),
        status,
        executionType: k % 2 === 0 ? 'exec_sched' : 'exec_manual',
        processId: process.id,
        processName: process.name,
        atomName: atom.name,
        atomId: atom.id,
        inboundDocumentCount: 1 + k,
        inboundErrorDocumentCount: status === 'ERROR' ? 1 : 0,
        outboundDocumentCount: status === 'ERROR' ? 0 : 1 + k,
        executionDuration: 800 + rng.int(9000),
        message:
          status === 'ERROR'
            ? "No data produced from map 'mapTest', please check source profile and make sure it matches source data."
            : null,
        inboundDocumentSize: status === 'ERROR' ? 0 : 512 * (k + 1),
        outboundDocumentSize: status === 'ERROR' ? 0 : 384 * (k + 1),
      });
    }
    executionIndex++;
  }

  // OAuth details of the first demo instance, saved in the first demo Space.
  const firstSpace = [...state.spaces.values()][0] as SpaceRecord;
  const firstInstance = [...state.instances.values()].find(
    (i) => i.accountId === DEMO_ACCOUNT_ID && firstSpace.integrationPackIds.includes(i.integrationPackId),
  );
  const firstProcess = firstInstance ? processesOf(state, firstInstance.id)[0] : undefined;
  if (firstInstance && firstProcess) {
    const id = rng.uuid();
    state.oauthDetails.set(id, {
      id,
      spaceGuid: firstSpace.guid,
      integrationPackInstanceId: firstInstance.id,
      envId: demoProd.id,
      processId: firstProcess.id,
      connectionId: 'oauth-connection-1',
      isTokenGenerated: false,
      oauthConnectorDetails: JSON.stringify({
        baseURL: 'https://baseURL.com',
        clientId: 'A',
        companyId: '9341452451293689',
        authParams: { key: 'value' },
        accessTokenParams: { key: 'value' },
      }),
      clientId: 'A',
      clientSecret: '********',
    });
  }

  // Listing metadata: one INTEGRATION_PACK listing per shared pack of the first five demo Spaces and
  // of the other account's Spaces; the first demo Space also has a Submissions listing and a listing
  // in review (its delete fails with ARTIFACT_DELETE_ERROR).
  const listingSpaces = [...state.spaces.values()].filter(
    (s, i) => !s.deleted && (i < 5 || s.createdByAccountId === OTHER_ACCOUNT_ID),
  );
  for (const space of listingSpaces) {
    for (const packId of space.integrationPackIds) {
      addListing(state, space, 'INTEGRATION_PACK', packId, 'PUBLISHED');
    }
  }
  addListing(state, firstSpace, null, firstSpace.integrationPackIds[0] ?? '', 'SUBMITTED');
  addListing(state, firstSpace, 'INTEGRATION_PACK', firstSpace.integrationPackIds[0] ?? '', 'IN_REVIEW');

  return state;
}

function addListing(
  state: SimState,
  space: SpaceRecord,
  listingType: 'INTEGRATION_PACK' | null,
  packId: string,
  status: string,
): void {
  const pack = state.integrationPacks.get(packId);
  const id = state.rng.uuid();
  state.listings.set(id, {
    id,
    spaceId: space.id,
    listingType,
    spaceArtifactType: 'INTEGRATION_PACK',
    spaceArtifactId: packId,
    status,
    catalogArtifactMetaData: JSON.stringify({ name: pack?.name ?? 'unknown', version: '1.0' }),
    createdDate: '2023-05-02T10:00:00Z',
    createdByAccountId: space.createdByAccountId,
    createdByUserId: space.createdByUserId,
    lastModifiedDate: '2023-05-03T10:00:00Z',
    modifiedByAccountId: space.createdByAccountId,
    modifiedByUserId: space.createdByUserId,
    tags: [{ id: 'tag-1', name: 'featured' }],
    publisher: { id: space.createdByAccountId, name: 'Demo Publisher' },
  });
}

function pickDistinct(rng: ReturnType<typeof createPrng>, items: readonly string[], count: number): string[] {
  const pool = [...items];
  const out: string[] = [];
  while (out.length < count && pool.length > 0) {
    out.push(pool.splice(rng.int(pool.length), 1)[0] as string);
  }
  return out;
}

/** Facts about the seed that tests and the subgraph's sandbox mode need (computed once). */
export interface SeedFacts {
  demoAccountId: string;
  memberAccountId: string;
  otherAccountId: string;
  /** Ids of the demo account's live Spaces, in creation order (23). */
  demoLiveSpaceIds: string[];
  /** guid of each demo live Space, same order. */
  demoLiveSpaceGuids: string[];
  deletedSpaceId: string;
  deletedSpaceGuid: string;
  /** A Space of the other account (UNAUTHORIZED for the demo account). */
  otherAccountSpaceId: string;
  otherAccountSpaceGuid: string;
  /** Demo account groups without any Space. */
  freeAccountGroupIds: string[];
  /** Group of the deleted Space (free again, because deleting a Space frees its group). */
  deletedSpaceAccountGroupId: string;
  /** A live demo Space whose account group does not contain the demo account (sharedIpacks → UNAUTHORIZED). */
  spaceWithoutOwnerInGroupId: string;
  /** A demo Space the member account belongs to. */
  memberSpaceGuid: string;
}

function deriveFacts(state: SimState): SeedFacts {
  const spaces = [...state.spaces.values()];
  const demoLive = spaces.filter((s) => s.createdByAccountId === DEMO_ACCOUNT_ID && !s.deleted);
  const deleted = spaces.find((s) => s.deleted) as SpaceRecord;
  const other = spaces.find((s) => s.createdByAccountId === OTHER_ACCOUNT_ID) as SpaceRecord;
  const groupsWithSpace = new Set(spaces.map((s) => s.accountGroupId));
  const free = [...state.accountGroups.values()]
    .filter((g) => g.ownerAccountId === DEMO_ACCOUNT_ID && !groupsWithSpace.has(g.id))
    .map((g) => g.id);
  const withoutOwner = demoLive.find(
    (s) => !state.accountGroups.get(s.accountGroupId)?.accountIds.includes(DEMO_ACCOUNT_ID),
  ) as SpaceRecord;
  const memberSpace = demoLive.find((s) => s.accountIds.includes(MEMBER_ACCOUNT_ID)) as SpaceRecord;
  return {
    demoAccountId: DEMO_ACCOUNT_ID,
    memberAccountId: MEMBER_ACCOUNT_ID,
    otherAccountId: OTHER_ACCOUNT_ID,
    demoLiveSpaceIds: demoLive.map((s) => s.id),
    demoLiveSpaceGuids: demoLive.map((s) => s.guid),
    deletedSpaceId: deleted.id,
    deletedSpaceGuid: deleted.guid,
    otherAccountSpaceId: other.id,
    otherAccountSpaceGuid: other.guid,
    freeAccountGroupIds: free,
    deletedSpaceAccountGroupId: deleted.accountGroupId,
    spaceWithoutOwnerInGroupId: withoutOwner.id,
    memberSpaceGuid: memberSpace.guid,
  };
}

/** Seed facts (ids of notable seed records). */
export const SEED: Readonly<SeedFacts> = Object.freeze(deriveFacts(createSeedState()));
