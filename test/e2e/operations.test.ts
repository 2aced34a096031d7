/**
 * Every root field of the published schema, through the subgraph, against the simulator over real
 * HTTP. Ids are discovered by querying through the subgraph; each mutation is read back and must
 * leave exactly one entry in the simulator's mutation log. The last test fails when a root field
 * is published without a test here.
 */
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationLogEntry } from '../../src/simulator/index.ts';
import { type GraphQLResponse, type Stack, startStack } from '../helpers/stack.ts';

type Space = {
  id: string;
  name: string;
  description: string | null;
  guid: string;
  hasLogo: boolean;
  accountGroup: { id: string; name: string };
};
type Instance = {
  id: string;
  integrationPackOverrideName: string | null;
  integrationPack: { id: string; name: string; installationType: 'SINGLE' | 'MULTI' };
};
type Environment = {
  id: string;
  name: string;
  classification: string;
  atoms: Array<{ id: string; name: string }>;
  integrationPackEnvironmentAttachment: Array<{ id: string; integrationPackInstanceId: string }>;
};
type Process = {
  id: string;
  name: string;
  processSchedules: {
    id: string;
    atomId: string;
    schedule: Array<Record<string, string>>;
    retry: { maxRetry: number };
  } | null;
};

/** Root fields a test below has sent through the subgraph (the guard test compares it with the schema). */
const exercised = new Set<string>();

const SPACE_FIELDS = 'id name description guid hasLogo accountGroup { id name }';

describe('every upstream operation through the subgraph', () => {
  let stack: Stack;
  let spaces: Space[];
  let home: Space;
  let instances: Instance[];
  let environments: Environment[];
  let production: Environment;
  let processes: Process[];

  /** Sends an operation that must succeed; records the root field it exercises. */
  async function ok<T>(field: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    exercised.add(field);
    const res = await stack.query<T>(query, variables);
    expect(res.body.errors, res.text).toBeUndefined();
    expect(res.status).toBe(200);
    return res.body.data as T;
  }

  /** Runs a mutation and checks that exactly one mutation, of that name, reached the simulator. */
  async function mutate<T>(field: string, query: string, variables?: Record<string, unknown>) {
    const before = stack.sim.stats().mutations.length;
    const data = await ok<T>(field, query, variables);
    const log = stack.sim.stats().mutations.slice(before);
    expect(log.map((m) => m.operation)).toEqual([field]);
    return { data, entry: log[0] as MutationLogEntry };
  }

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn', INTROSPECTION: 'true' } });
    const data = await ok<{ spaces: Space[] }>('spaces', `{ spaces { ${SPACE_FIELDS} } }`);
    spaces = data.spaces;
    home = spaces.find((s) => s.name === 'test12')!;
    expect(home).toBeDefined();
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('queries', () => {
    it('spaces lists the 23 live Spaces of the account with guids', () => {
      expect(spaces).toHaveLength(23);
      expect(new Set(spaces.map((s) => s.guid)).size).toBe(23);
      expect(home).toMatchObject({ hasLogo: true, accountGroup: { name: 'All Accounts' } });
    });

    it('space(id:) returns one Space', async () => {
      const data = await ok<{ space: Space }>(
        'space',
        `query ($id: ID!) { space(id: $id) { ${SPACE_FIELDS} } }`,
        {
          id: home.id,
        },
      );
      expect(data.space).toEqual(home);
    });

    it('spaceAccounts filters the accounts of the Space', async () => {
      const all = await ok<{ spaceAccounts: Array<{ id: string; name: string }> }>(
        'spaceAccounts',
        'query ($g: ID!) { spaceAccounts(spaceGuid: $g) { id name } }',
        { g: home.guid },
      );
      expect(all.spaceAccounts.length).toBeGreaterThan(1);
      const target = all.spaceAccounts[0]!;
      const filtered = await ok<{ spaceAccounts: Array<{ id: string; name: string }> }>(
        'spaceAccounts',
        'query ($g: ID!, $c: SpaceAccountCriteria) { spaceAccounts(spaceGuid: $g, criteria: $c) { id name } }',
        { g: home.guid, c: { operator: 'STARTSWITH', argument: target.name.toUpperCase() } },
      );
      expect(filtered.spaceAccounts).toContainEqual(target);
      expect(
        filtered.spaceAccounts.every((a) => a.name.toLowerCase().startsWith(target.name.toLowerCase())),
      ).toBe(true);
    });

    it('integrationPackInstances lists the instances visible in the Space', async () => {
      const data = await ok<{ integrationPackInstances: Instance[] }>(
        'integrationPackInstances',
        `query ($g: ID!) { integrationPackInstances(spaceGuid: $g) {
           id integrationPackOverrideName integrationPack { id name installationType } } }`,
        { g: home.guid },
      );
      instances = data.integrationPackInstances;
      expect(instances.length).toBeGreaterThan(1);
      for (const instance of instances) {
        expect(instance.id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(['SINGLE', 'MULTI']).toContain(instance.integrationPack.installationType);
      }
    });

    it('environments lists environments with atoms and attachments', async () => {
      const data = await ok<{ environments: Environment[] }>(
        'environments',
        `query ($g: ID!) { environments(spaceGuid: $g) {
           id name classification atoms { id name } integrationPackEnvironmentAttachment { id integrationPackInstanceId } } }`,
        { g: home.guid },
      );
      environments = data.environments;
      expect(environments.map((e) => e.name)).toEqual(['Production', 'TestEnvPr', 'Staging']);
      production = environments[0]!;
      expect(production.classification).toBe('PROD');
      expect(production.atoms.map((a) => a.name)).toEqual(['Prod Atom 1', 'Prod Atom 2']);
      const attachedIds = new Set(
        production.integrationPackEnvironmentAttachment.map((a) => a.integrationPackInstanceId),
      );
      for (const instance of instances) expect(attachedIds.has(instance.id)).toBe(true);
    });

    it('integrationPackInstanceProcesses lists processes with their schedules', async () => {
      const data = await ok<{ integrationPackInstanceProcesses: Process[] }>(
        'integrationPackInstanceProcesses',
        `query ($g: ID!, $i: ID!) { integrationPackInstanceProcesses(spaceGuid: $g, integrationPackInstanceId: $i) {
           id name processSchedules { id atomId schedule { minutes hours daysOfWeek daysOfMonth months years } retry { maxRetry } } } }`,
        { g: home.guid, i: instances[0]!.id },
      );
      processes = data.integrationPackInstanceProcesses;
      expect(processes.length).toBe(2);
      expect(processes.every((p) => p.processSchedules !== null)).toBe(true);
    });

    it('executionHistory returns the records of a process with the requested status', async () => {
      const process = processes[0]!;
      const data = await ok<{
        executionHistory: Array<{ processName: string; status: string; executionDuration: string[] }>;
      }>(
        'executionHistory',
        `query ($g: ID!, $in: ExecutionHistoryInput!) { executionHistory(spaceGuid: $g, input: $in) {
           processName status executionDuration } }`,
        {
          g: home.guid,
          in: { processId: process.id, executionTime: '2000-01-01T00:00:00Z', status: 'COMPLETE' },
        },
      );
      expect(data.executionHistory.length).toBeGreaterThan(0);
      for (const record of data.executionHistory) {
        expect(record).toMatchObject({ processName: process.name, status: 'COMPLETE' });
        expect(record.executionDuration[0]).toBe('Long');
      }
    });

    it('integrationPackEnvironmentAttachments returns extensions and map extensions', async () => {
      const data = await ok<{
        integrationPackEnvironmentAttachments: Array<{
          environmentExtensions: string;
          environmentMapExtension: string[];
        }>;
      }>(
        'integrationPackEnvironmentAttachments',
        `query ($g: ID!, $i: String!, $e: [String!]!) {
           integrationPackEnvironmentAttachments(spaceGuid: $g, ipackInstanceId: $i, environmentIds: $e) {
             integrationPackInstanceId environmentExtensions environmentMapExtension } }`,
        { g: home.guid, i: instances[0]!.id, e: [production.id] },
      );
      expect(data.integrationPackEnvironmentAttachments).toHaveLength(1);
      const [attachment] = data.integrationPackEnvironmentAttachments;
      expect(JSON.parse(attachment!.environmentExtensions)).toMatchObject({ environmentId: production.id });
      expect(attachment!.environmentMapExtension).toHaveLength(2);
    });

    it('IPackInstanceOAuthConnectorDetails reads the persisted OAuth values', async () => {
      const data = await ok<{ IPackInstanceOAuthConnectorDetails: Record<string, unknown> }>(
        'IPackInstanceOAuthConnectorDetails',
        `query ($g: ID!, $in: IPackInstanceOAuthConnectorDetailsInput!) {
           IPackInstanceOAuthConnectorDetails(spaceGuid: $g, input: $in) {
             integrationPackInstanceId envId processId connectionId isTokenGenerated oauthConnectorDetails } }`,
        {
          g: home.guid,
          in: {
            integrationPackInstanceId: instances[0]!.id,
            envId: production.id,
            processId: processes[0]!.id,
            // The seed's connection id: no read operation lists connection ids.
            connectionId: 'oauth-connection-1',
            catalogGuid: home.guid,
          },
        },
      );
      expect(data.IPackInstanceOAuthConnectorDetails).toMatchObject({
        integrationPackInstanceId: instances[0]!.id,
        envId: production.id,
        isTokenGenerated: false,
      });
      expect(JSON.parse(String(data.IPackInstanceOAuthConnectorDetails.oauthConnectorDetails))).toMatchObject(
        {
          baseURL: 'https://baseURL.com',
        },
      );
    });

    it('spaceArtifactListings returns the listing metadata of a Space', async () => {
      const data = await ok<{
        spaceArtifactListings: { numberOfResults: number; spaceArtifactsData: unknown[] };
      }>(
        'spaceArtifactListings',
        `query ($in: SpaceArtifactListingSearchInput!) { spaceArtifactListings(input: $in) {
           numberOfResults currentPageSize spaceArtifactsData { id spaceId } } }`,
        { in: { spaceId: home.id, spaceArtifactListingType: 'INTEGRATION_PACK' } },
      );
      expect(data.spaceArtifactListings.numberOfResults).toBeGreaterThan(1);
      expect(data.spaceArtifactListings.spaceArtifactsData).toContainEqual(
        expect.objectContaining({ spaceId: home.id }),
      );
    });

    it('referenceAccountsByGroupId lists the accounts of an account group', async () => {
      const data = await ok<{ referenceAccountsByGroupId: Array<{ id: string; name: string }> }>(
        'referenceAccountsByGroupId',
        'query ($id: String!) { referenceAccountsByGroupId(groupId: $id) { id name } }',
        { id: home.accountGroup.id },
      );
      expect(data.referenceAccountsByGroupId.length).toBeGreaterThan(1);
      expect(data.referenceAccountsByGroupId.map((a) => a.id)).toContain('demoaccount-XOCI9G');
    });
  });

  describe('mutations (each read back; exactly one mutation log entry each)', () => {
    const readSpace = (id: string) =>
      stack.query<{ space: Space | null }>(`query ($id: ID!) { space(id: $id) { ${SPACE_FIELDS} } }`, { id });

    it('spaceUpdate renames a Space', async () => {
      const target = spaces[1]!;
      const { data, entry } = await mutate<{ spaceUpdate: Space & { isModified: boolean } }>(
        'spaceUpdate',
        `mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { ${SPACE_FIELDS} isModified } }`,
        { in: { id: target.id, name: 'Renamed by e2e', description: 'updated' } },
      );
      expect(data.spaceUpdate).toMatchObject({ id: target.id, name: 'Renamed by e2e', isModified: true });
      expect(entry.args).toMatchObject({ input: { id: target.id, name: 'Renamed by e2e' } });
      expect((await readSpace(target.id)).body.data?.space).toMatchObject({
        name: 'Renamed by e2e',
        description: 'updated',
      });
    });

    let freedGroupId: string;
    it('spaceDelete deletes a Space (later reads: SPACE_IS_DELETED)', async () => {
      const target = spaces[spaces.length - 1]!;
      freedGroupId = target.accountGroup.id;
      const { data } = await mutate<{ spaceDelete: boolean }>(
        'spaceDelete',
        'mutation ($id: ID!) { spaceDelete(id: $id) }',
        { id: target.id },
      );
      expect(data.spaceDelete).toBe(true);
      const read = await readSpace(target.id);
      expect(read.body.errors?.[0]?.extensions).toEqual({
        code: 'SPACE_IS_DELETED',
        category: 'NOT_FOUND',
        retryable: false,
      });
    });

    it('spaceCreate creates a Space in the freed account group', async () => {
      const { data } = await mutate<{ spaceCreate: Space }>(
        'spaceCreate',
        `mutation ($in: SpaceCreateInput!) { spaceCreate(input: $in) { ${SPACE_FIELDS} } }`,
        { in: { name: 'Created by e2e', description: 'new', accountGroupId: freedGroupId } },
      );
      expect(data.spaceCreate).toMatchObject({ name: 'Created by e2e', accountGroup: { id: freedGroupId } });
      expect(data.spaceCreate.guid).toMatch(/^[0-9a-f-]{36}$/);
      expect((await readSpace(data.spaceCreate.id)).body.data?.space).toEqual(data.spaceCreate);
    });

    let installed: Instance;
    it('integrationPackInstanceInstall installs one more instance of a multi-install pack', async () => {
      const multi = instances.find((i) => i.integrationPack.installationType === 'MULTI')!;
      expect(multi).toBeDefined();
      const { data } = await mutate<{ integrationPackInstanceInstall: Instance }>(
        'integrationPackInstanceInstall',
        `mutation ($in: IntegrationPackInstanceInput!) { integrationPackInstanceInstall(input: $in) {
           id integrationPackOverrideName integrationPack { id name installationType } } }`,
        { in: { integrationPackId: multi.integrationPack.id, integrationPackOverrideName: 'e2e instance' } },
      );
      installed = data.integrationPackInstanceInstall;
      expect(installed).toMatchObject({
        integrationPackOverrideName: 'e2e instance',
        integrationPack: multi.integrationPack,
      });
      const read = await stack.query<{ integrationPackInstances: Instance[] }>(
        'query ($g: ID!) { integrationPackInstances(spaceGuid: $g) { id } }',
        { g: home.guid },
      );
      expect(read.body.data?.integrationPackInstances.map((i) => i.id)).toContain(installed.id);
    });

    let attachmentId: string;
    const attachmentsOf = async (instanceId: string) => {
      const read = await stack.query<{ environments: Environment[] }>(
        'query ($g: ID!) { environments(spaceGuid: $g) { id integrationPackEnvironmentAttachment { id integrationPackInstanceId } } }',
        { g: home.guid },
      );
      return read.body.data!.environments.flatMap((e) =>
        e.integrationPackEnvironmentAttachment.filter((a) => a.integrationPackInstanceId === instanceId),
      );
    };

    it('integrationPackInstanceEnvironmentAttachmentAttach attaches the instance to an environment', async () => {
      const { data, entry } = await mutate<{
        integrationPackInstanceEnvironmentAttachmentAttach: Array<{ id: string; environmentId: string }>;
      }>(
        'integrationPackInstanceEnvironmentAttachmentAttach',
        `mutation ($g: ID!, $in: IntegrationPackEnvironmentAttachmentInput!) {
           integrationPackInstanceEnvironmentAttachmentAttach(spaceGuid: $g, input: $in) { id environmentId integrationPackInstanceId } }`,
        { g: home.guid, in: { integrationPackInstanceId: installed.id, environmentIds: [production.id] } },
      );
      expect(entry.spaceGuid).toBe(home.guid);
      const [attachment] = data.integrationPackInstanceEnvironmentAttachmentAttach;
      expect(attachment).toMatchObject({ environmentId: production.id });
      attachmentId = attachment!.id;
      expect((await attachmentsOf(installed.id)).map((a) => a.id)).toEqual([attachmentId]);
    });

    it('processExecute runs a process on an atom of an attached environment', async () => {
      const procs = await ok<{ integrationPackInstanceProcesses: Process[] }>(
        'integrationPackInstanceProcesses',
        'query ($g: ID!, $i: ID!) { integrationPackInstanceProcesses(spaceGuid: $g, integrationPackInstanceId: $i) { id name } }',
        { g: home.guid, i: installed.id },
      );
      const process = procs.integrationPackInstanceProcesses[0]!;
      const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const { data } = await mutate<{ processExecute: string }>(
        'processExecute',
        'mutation ($g: ID!, $in: ProcessExecuteInput!) { processExecute(spaceGuid: $g, input: $in) }',
        { g: home.guid, in: { atomId: production.atoms[0]!.id, processId: process.id } },
      );
      expect(JSON.parse(data.processExecute)).toMatchObject({
        '@type': 'ExecutionRequest',
        processId: process.id,
        atomId: production.atoms[0]!.id,
      });
      const history = await stack.query<{
        executionHistory: Array<{ processName: string; executionType: string }>;
      }>(
        'query ($g: ID!, $in: ExecutionHistoryInput!) { executionHistory(spaceGuid: $g, input: $in) { processName executionType } }',
        { g: home.guid, in: { processId: process.id, executionTime: since, status: 'COMPLETE' } },
      );
      expect(history.body.data?.executionHistory).toEqual([
        { processName: process.name, executionType: 'exec_manual' },
      ]);
    });

    it('integrationPackInstanceEnvironmentAttachmentUnattach detaches it again', async () => {
      const { data } = await mutate<{ integrationPackInstanceEnvironmentAttachmentUnattach: string }>(
        'integrationPackInstanceEnvironmentAttachmentUnattach',
        'mutation ($g: ID!, $id: ID!) { integrationPackInstanceEnvironmentAttachmentUnattach(spaceGuid: $g, id: $id) }',
        { g: home.guid, id: attachmentId },
      );
      expect(data.integrationPackInstanceEnvironmentAttachmentUnattach).toBe(attachmentId);
      expect(await attachmentsOf(installed.id)).toEqual([]);
    });

    it('integrationPackInstanceUninstall removes the instance', async () => {
      const { data } = await mutate<{ integrationPackInstanceUninstall: string }>(
        'integrationPackInstanceUninstall',
        'mutation ($id: ID!) { integrationPackInstanceUninstall(id: $id) }',
        { id: installed.id },
      );
      expect(data.integrationPackInstanceUninstall).toBe(installed.id);
      const read = await stack.query<{ integrationPackInstances: Instance[] }>(
        'query ($g: ID!) { integrationPackInstances(spaceGuid: $g) { id } }',
        { g: home.guid },
      );
      expect(read.body.data?.integrationPackInstances.map((i) => i.id)).not.toContain(installed.id);
    });

    const readAttachment = async () => {
      const read = await stack.query<{
        integrationPackEnvironmentAttachments: Array<{
          environmentExtensions: string;
          environmentMapExtension: string[];
        }>;
      }>(
        `query ($g: ID!, $i: String!, $e: [String!]!) {
           integrationPackEnvironmentAttachments(spaceGuid: $g, ipackInstanceId: $i, environmentIds: $e) {
             environmentExtensions environmentMapExtension } }`,
        { g: home.guid, i: instances[0]!.id, e: [production.id] },
      );
      return read.body.data!.integrationPackEnvironmentAttachments[0]!;
    };

    it('extensionsUpdate updates environment extensions (partial)', async () => {
      const current = JSON.parse((await readAttachment()).environmentExtensions) as { id: string };
      const { data } = await mutate<{ extensionsUpdate: string[] }>(
        'extensionsUpdate',
        'mutation ($g: ID!, $in: [ExtensionInput!]!) { extensionsUpdate(spaceGuid: $g, input: $in) }',
        {
          g: home.guid,
          in: [
            {
              envExtensionId: current.id,
              extensions: JSON.stringify({ partial: 'true', e2eMarker: 'ext-1' }),
            },
          ],
        },
      );
      expect(JSON.parse(data.extensionsUpdate[0]!)).toMatchObject({ id: current.id, e2eMarker: 'ext-1' });
      expect(JSON.parse((await readAttachment()).environmentExtensions)).toMatchObject({
        e2eMarker: 'ext-1',
      });
    });

    it('extendedMappersUpdate updates a data-map extension', async () => {
      const maps = (await readAttachment()).environmentMapExtension;
      const withData = maps.find((m) => m !== '')!;
      const mapId = (JSON.parse(withData) as { response: Array<{ id: string }> }).response[0]!.id;
      const { data } = await mutate<{ extendedMappersUpdate: string[] }>(
        'extendedMappersUpdate',
        'mutation ($g: ID!, $in: [ExtensionInput!]!) { extendedMappersUpdate(spaceGuid: $g, input: $in) }',
        { g: home.guid, in: [{ envExtensionId: mapId, extensions: JSON.stringify({ e2eMarker: 'map-1' }) }] },
      );
      expect(JSON.parse(data.extendedMappersUpdate[0]!)).toMatchObject({ id: mapId, e2eMarker: 'map-1' });
      expect((await readAttachment()).environmentMapExtension.join('\n')).toContain('map-1');
    });

    it('processSchedulesUpdate replaces the schedules of a process', async () => {
      const schedules = processes[0]!.processSchedules!;
      const line = { minutes: '0', hours: '6', daysOfWeek: '*', daysOfMonth: '*', months: '*', years: '*' };
      const { data } = await mutate<{ processSchedulesUpdate: NonNullable<Process['processSchedules']> }>(
        'processSchedulesUpdate',
        `mutation ($g: ID!, $s: String!, $id: String!) { processSchedulesUpdate(spaceGuid: $g, processSchedules: $s, processSchedulesId: $id) {
           id atomId schedule { minutes hours daysOfWeek daysOfMonth months years } retry { maxRetry } } }`,
        {
          g: home.guid,
          id: schedules.id,
          s: JSON.stringify({ Schedule: [line], Retry: { Schedule: [], maxRetry: 2 } }),
        },
      );
      expect(data.processSchedulesUpdate).toMatchObject({
        id: schedules.id,
        schedule: [line],
        retry: { maxRetry: 2 },
      });
      const read = await stack.query<{ integrationPackInstanceProcesses: Process[] }>(
        `query ($g: ID!, $i: ID!) { integrationPackInstanceProcesses(spaceGuid: $g, integrationPackInstanceId: $i) {
           id processSchedules { schedule { minutes hours daysOfWeek daysOfMonth months years } retry { maxRetry } } } }`,
        { g: home.guid, i: instances[0]!.id },
      );
      const process = read.body.data!.integrationPackInstanceProcesses.find((p) => p.id === processes[0]!.id);
      expect(process?.processSchedules).toMatchObject({ schedule: [line], retry: { maxRetry: 2 } });
    });

    it('saveIPackInstanceOauthConnectorDetails persists OAuth values (the secret is never returned)', async () => {
      const keys = {
        integrationPackInstanceId: instances[0]!.id,
        envId: production.id,
        processId: processes[0]!.id,
        connectionId: 'e2e-connection',
        catalogGuid: home.guid,
      };
      const details = JSON.stringify({ baseURL: 'https://example.test', clientId: 'e2e' });
      const { data, entry } = await mutate<{
        saveIPackInstanceOauthConnectorDetails: Record<string, unknown>;
      }>(
        'saveIPackInstanceOauthConnectorDetails',
        `mutation ($g: ID!, $in: IPackInstanceOAuthConnectorDetailsSaveInput!) {
           saveIPackInstanceOauthConnectorDetails(spaceGuid: $g, input: $in) { id connectionId isTokenGenerated oauthConnectorDetails catalogGuid } }`,
        {
          g: home.guid,
          in: {
            ...keys,
            isTokenGenerated: true,
            oauthConnectorDetails: details,
            clientId: 'e2e',
            clientSecret: 'e2e-secret',
          },
        },
      );
      expect(data.saveIPackInstanceOauthConnectorDetails).toMatchObject({
        connectionId: 'e2e-connection',
        isTokenGenerated: true,
        oauthConnectorDetails: details,
        catalogGuid: home.guid,
      });
      expect(JSON.stringify(entry.args)).not.toContain('e2e-secret');
      const read = await stack.query<{ IPackInstanceOAuthConnectorDetails: Record<string, unknown> }>(
        `query ($g: ID!, $in: IPackInstanceOAuthConnectorDetailsInput!) {
           IPackInstanceOAuthConnectorDetails(spaceGuid: $g, input: $in) { connectionId isTokenGenerated oauthConnectorDetails } }`,
        { g: home.guid, in: keys },
      );
      expect(read.body.data?.IPackInstanceOAuthConnectorDetails).toEqual({
        connectionId: 'e2e-connection',
        isTokenGenerated: true,
        oauthConnectorDetails: details,
      });
    });

    it('spaceArtifactListingDelete deletes a published listing', async () => {
      const listings = async () => {
        const read = await stack.query<{
          spaceArtifactListings: {
            spaceArtifactsData: Array<{ id: string; submissionStatus: { spaceArtifactStatus: string } }>;
          };
        }>(
          `query ($in: SpaceArtifactListingSearchInput!) { spaceArtifactListings(input: $in) {
             spaceArtifactsData { id submissionStatus { ... on ArtifactSubmissionStatus { spaceArtifactStatus } } } } }`,
          { in: { spaceId: home.id, spaceArtifactListingType: 'INTEGRATION_PACK' } },
        );
        return read.body.data!.spaceArtifactListings.spaceArtifactsData;
      };
      const published = (await listings()).find(
        (l) => l.submissionStatus.spaceArtifactStatus === 'PUBLISHED',
      )!;
      expect(published).toBeDefined();
      const { data } = await mutate<{ spaceArtifactListingDelete: boolean }>(
        'spaceArtifactListingDelete',
        'mutation ($id: ID!) { spaceArtifactListingDelete(id: $id, spaceArtifactListingType: INTEGRATION_PACK) }',
        { id: published.id },
      );
      expect(data.spaceArtifactListingDelete).toBe(true);
      expect((await listings()).map((l) => l.id)).not.toContain(published.id);
    });
  });

  it('guard: the operations exercised above are exactly the root fields the subgraph publishes', async () => {
    const res: GraphQLResponse<{
      __schema: {
        queryType: { fields: Array<{ name: string }> };
        mutationType: { fields: Array<{ name: string }> };
      };
    }> = await stack.query('{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
    const schema = res.body.data!.__schema;
    // Federation's _service/_entities, stitching's _sdl and the batched lookup spacesByIds (#13, tested in
    // test/federation/) are not upstream operations.
    const published = [...schema.queryType.fields, ...schema.mutationType.fields]
      .map((f) => f.name)
      .filter((name) => !name.startsWith('_') && name !== 'spacesByIds')
      .sort();
    expect([...exercised].sort()).toEqual(published);
    // And the published root fields are the upstream snapshot's (its `Space` twin is published as `space`).
    const upstream = buildSchema(readFileSync('schema/boomi-spaces.graphql', 'utf8'));
    const upstreamFields = [upstream.getQueryType()!, upstream.getMutationType()!]
      .flatMap((type) => Object.keys(type.getFields()))
      .filter((name) => name !== 'Space')
      .sort();
    expect(published).toEqual(upstreamFields);
    expect(published).toHaveLength(24);
  });
});
