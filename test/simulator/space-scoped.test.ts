import { describe, expect, it } from 'vitest';
import { decodeBase64Unpadded } from '../../src/simulator/formats.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { codes, gql, MEMBER_USER, mint, OTHER_USER, sg, start, useSimulator } from './sim-client.ts';

const GUID = SEED.demoLiveSpaceGuids[0] as string;

/** Every space-scoped root field with a minimal valid-looking request. */
const SG_OPERATIONS: Array<[string, string]> = [
  ['spaceAccounts', '{ spaceAccounts { id } }'],
  ['integrationPackInstances', '{ integrationPackInstances { id } }'],
  ['environments', '{ environments { id } }'],
  [
    'integrationPackInstanceProcesses',
    '{ integrationPackInstanceProcesses(integrationPackInstanceId: "x") { id } }',
  ],
  [
    'executionHistory',
    '{ executionHistory(input: { processId: "p", executionTime: "2020-01-01T00:00:00Z", status: ERROR }) { executionId } }',
  ],
  [
    'integrationPackEnvironmentAttachments',
    '{ integrationPackEnvironmentAttachments(ipackInstanceId: "x", environmentIds: []) { id } }',
  ],
  [
    'IPackInstanceOAuthConnectorDetails',
    '{ IPackInstanceOAuthConnectorDetails(input: { integrationPackInstanceId: "x", envId: "e", processId: "p", connectionId: "c", catalogGuid: "g" }) { id } }',
  ],
  [
    'integrationPackInstanceEnvironmentAttachmentAttach',
    'mutation { integrationPackInstanceEnvironmentAttachmentAttach(input: { integrationPackInstanceId: "x", environmentIds: ["e"] }) { id } }',
  ],
  [
    'integrationPackInstanceEnvironmentAttachmentUnattach',
    'mutation { integrationPackInstanceEnvironmentAttachmentUnattach(id: "x") }',
  ],
  [
    'processSchedulesUpdate',
    'mutation { processSchedulesUpdate(processSchedules: "{}", processSchedulesId: "x") { id } }',
  ],
  ['processExecute', 'mutation { processExecute(input: { atomId: "a", processId: "p" }) }'],
  ['extensionsUpdate', 'mutation { extensionsUpdate(input: [{ extensions: "{}", envExtensionId: "x" }]) }'],
  [
    'extendedMappersUpdate',
    'mutation { extendedMappersUpdate(input: [{ extensions: "{}", envExtensionId: "x" }]) }',
  ],
  [
    'saveIPackInstanceOauthConnectorDetails',
    'mutation { saveIPackInstanceOauthConnectorDetails(input: { integrationPackInstanceId: "x", isTokenGenerated: false, oauthConnectorDetails: "{}", processId: "p", envId: "e", connectionId: "c", catalogGuid: "g", clientId: "id", clientSecret: "s" }) { id } }',
  ],
];

describe('space-scoped (SG) operations', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({ resetEach: true }, (started) => {
    ({ sim, token } = started);
  });

  const q = (query: string, variables?: Record<string, unknown>, guid = GUID) =>
    gql(sim, token, query, variables, sg(guid));

  /** Ids of the first visible instance and its data. */
  async function fixture() {
    const inst = await q(
      '{ integrationPackInstances { id integrationPack { id } } environments { id name atoms { id } integrationPackEnvironmentAttachment { id environmentId integrationPackInstanceId } } }',
    );
    const instanceId = inst.body.data.integrationPackInstances[0].id as string;
    const envs = inst.body.data.environments as Array<{
      id: string;
      name: string;
      atoms: Array<{ id: string }>;
      integrationPackEnvironmentAttachment: Array<{
        id: string;
        environmentId: string;
        integrationPackInstanceId: string;
      }>;
    }>;
    const prod = envs.find((e) => e.name === 'Production') as (typeof envs)[number];
    const staging = envs.find((e) => e.name === 'Staging') as (typeof envs)[number];
    const procs = await q(
      `{ integrationPackInstanceProcesses(integrationPackInstanceId: "${instanceId}") { id name processSchedules { id atomId envId } } }`,
    );
    const processes = procs.body.data.integrationPackInstanceProcesses as Array<{
      id: string;
      processSchedules: { id: string; atomId: string; envId: string };
    }>;
    return { instanceId, prod, staging, processes };
  }

  describe('SPACE_GUID header rules', () => {
    it.each(SG_OPERATIONS)(
      '%s: missing header → MISSING_SPACE_ID, unknown → SPACE_NOT_FOUND, deleted → SPACE_IS_DELETED, foreign → UNAUTHORIZED',
      async (_name, query) => {
        expect(codes(await gql(sim, token, query))).toEqual(['MISSING_SPACE_ID']);
        expect(codes(await gql(sim, token, query, undefined, sg('no-such-guid')))).toEqual([
          'SPACE_NOT_FOUND',
        ]);
        expect(codes(await gql(sim, token, query, undefined, sg(SEED.deletedSpaceGuid)))).toEqual([
          'SPACE_IS_DELETED',
        ]);
        expect(codes(await gql(sim, token, query, undefined, sg(SEED.otherAccountSpaceGuid)))).toEqual([
          'UNAUTHORIZED',
        ]);
        expect(sim.stats().mutations).toHaveLength(0);
      },
    );

    it('each aliased SG field fails on its own and the error names the header', async () => {
      const res = await gql(sim, token, '{ a: environments { id } b: spaceAccounts { id } }');
      expect(res.body.errors.map((e: { path: string[] }) => e.path[0])).toEqual(['a', 'b']);
      const msg = await start({ errorStyle: 'message-prefix' });
      try {
        const t = await mint(msg);
        const answer = await gql(msg, t, '{ environments { id } }');
        expect(answer.body.errors[0].message).toBe(
          'MISSING_SPACE_ID: The SPACE_GUID header is required for environments',
        );
      } finally {
        await msg.close();
      }
    });

    it('a member account can use the Space; data is its own', async () => {
      const member = await mint(sim, MEMBER_USER, SEED.memberAccountId);
      const res = await gql(
        sim,
        member,
        '{ environments { name } spaceAccounts { id } }',
        undefined,
        sg(SEED.memberSpaceGuid),
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.environments.map((e: { name: string }) => e.name)).toEqual(['Member Production']);
    });
  });

  describe('spaceAccounts', () => {
    it('lists the accounts of the Space and filters case-insensitively', async () => {
      const all = await q('{ spaceAccounts { id name } }');
      const accounts = all.body.data.spaceAccounts as Array<{ id: string; name: string }>;
      expect(accounts.length).toBeGreaterThan(1);
      expect(accounts.map((a) => a.id)).toContain(SEED.memberAccountId);
      const contains = await q(
        '{ spaceAccounts(criteria: { operator: CONTAINS, argument: "DEMO account" }) { id } }',
      );
      expect(contains.body.data.spaceAccounts).toEqual([{ id: SEED.memberAccountId }]);
      const starts = await q(
        '{ spaceAccounts(criteria: { operator: STARTSWITH, argument: "account" }) { id } }',
      );
      expect(starts.body.data.spaceAccounts).toEqual([]);
      const empty = await q('{ spaceAccounts(criteria: { operator: CONTAINS, argument: "" }) { id } }');
      expect(empty.body.data.spaceAccounts).toHaveLength(accounts.length);
    });

    it('scopes per Space', async () => {
      const a = await q('{ spaceAccounts { id } }', undefined, SEED.demoLiveSpaceGuids[0]);
      const b = await q('{ spaceAccounts { id } }', undefined, SEED.demoLiveSpaceGuids[1]);
      expect(a.body.data.spaceAccounts).not.toEqual(b.body.data.spaceAccounts);
    });

    it('criteria without operator/argument → ACCOUNT_INPUT_MISSING_FIELDS (literal, null and variable forms)', async () => {
      expect(codes(await q('{ spaceAccounts(criteria: { operator: CONTAINS }) { id } }'))).toEqual([
        'ACCOUNT_INPUT_MISSING_FIELDS',
      ]);
      expect(codes(await q('{ spaceAccounts(criteria: { argument: "x" }) { id } }'))).toEqual([
        'ACCOUNT_INPUT_MISSING_FIELDS',
      ]);
      expect(
        codes(await q('{ spaceAccounts(criteria: { operator: CONTAINS, argument: null }) { id } }')),
      ).toEqual(['ACCOUNT_INPUT_MISSING_FIELDS']);
      const variable = await q('query($c: SpaceAccountCriteria) { spaceAccounts(criteria: $c) { id } }', {
        c: { argument: 'x' },
      });
      expect(codes(variable)).toEqual(['ACCOUNT_INPUT_MISSING_FIELDS']);
      expect(variable.body.errors[0].path).toEqual(['spaceAccounts']);
    });
  });

  describe('instances', () => {
    it('integrationPackInstances lists the caller instances of packs shared with the Space', async () => {
      const res = await q(
        '{ integrationPackInstances { id integrationPackOverrideName integrationPackId integrationPack { id name installationType } } }',
      );
      const list = res.body.data.integrationPackInstances as Array<{ id: string; integrationPackId: string }>;
      expect(list.length).toBeGreaterThan(0);
      for (const i of list) expect(decodeBase64Unpadded(i.id)).toMatch(/^IntegrationPackInstance\d+$/);
      const space = await gql(
        sim,
        token,
        `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { sharedIpacks { id } } }`,
      );
      const shared = space.body.data.space.sharedIpacks.map((p: { id: string }) => p.id);
      for (const i of list) expect(shared).toContain(i.integrationPackId);
    });

    it('install: multi-install needs an override name; single-install only once; pack must be shared', async () => {
      // Space 0 of the seed shares one MULTI pack.
      const space = await gql(
        sim,
        token,
        `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { sharedIpacks { id installationType } } }`,
      );
      const pack = space.body.data.space.sharedIpacks[0] as { id: string; installationType: string };
      expect(pack.installationType).toBe('MULTI');
      const install = (input: string, headers: Record<string, string> = {}) =>
        gql(
          sim,
          token,
          `mutation { integrationPackInstanceInstall(input: { ${input} }) { id integrationPackId integrationPackOverrideName } }`,
          undefined,
          headers,
        );
      const ok = await install(`integrationPackId: "${pack.id}", integrationPackOverrideName: "adhoc_08"`);
      expect(ok.body.data.integrationPackInstanceInstall).toMatchObject({
        integrationPackId: pack.id,
        integrationPackOverrideName: 'adhoc_08',
      });
      expect(decodeBase64Unpadded(ok.body.data.integrationPackInstanceInstall.id)).toMatch(
        /^IntegrationPackInstance\d+$/,
      );
      expect(
        codes(await install(`integrationPackId: "${pack.id}", integrationPackOverrideName: "adhoc_08"`)),
      ).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await install(`integrationPackId: "${pack.id}"`))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await install('integrationPackId: "no-such-pack"'))).toEqual(['IPACK_NOT_FOUND_IN_SPACE']);
      // With SPACE_GUID the pack must be shared with that very Space.
      const other = await gql(
        sim,
        token,
        `{ space(id: "${SEED.demoLiveSpaceIds[1]}") { sharedIpacks { id } } }`,
      );
      const notInSpace0 = (other.body.data.space.sharedIpacks as Array<{ id: string }>).find(
        (p) => p.id !== pack.id,
      );
      expect(notInSpace0).toBeDefined();
      expect(
        codes(
          await install(
            `integrationPackId: "${notInSpace0?.id}", integrationPackOverrideName: "n"`,
            sg(GUID),
          ),
        ),
      ).toEqual(['IPACK_NOT_FOUND_IN_SPACE']);
      // Single-install: the demo account already has every shared SINGLE pack installed.
      const all = await gql(sim, token, '{ spaces { sharedIpacks { id installationType } } }');
      const single = (
        all.body.data.spaces as Array<{
          sharedIpacks: Array<{ id: string; installationType: string }> | null;
        }>
      )
        .flatMap((s) => s.sharedIpacks ?? [])
        .find((p) => p.installationType === 'SINGLE');
      expect(codes(await install(`integrationPackId: "${single?.id}"`))).toEqual(['PLATFORM_CALL_ERROR']);
      const visible = await q('{ integrationPackInstances { integrationPackOverrideName } }');
      expect(
        visible.body.data.integrationPackInstances.map(
          (i: { integrationPackOverrideName: string }) => i.integrationPackOverrideName,
        ),
      ).toContain('adhoc_08');
    });

    it('uninstall returns the id, removes the instance; unknown/foreign ids → IPACK_INSTANCE_ID_INVALID', async () => {
      const { instanceId } = await fixture();
      const res = await gql(sim, token, `mutation { integrationPackInstanceUninstall(id: "${instanceId}") }`);
      expect(res.body).toEqual({ data: { integrationPackInstanceUninstall: instanceId } });
      const again = await gql(
        sim,
        token,
        `mutation { integrationPackInstanceUninstall(id: "${instanceId}") }`,
      );
      expect(codes(again)).toEqual(['IPACK_INSTANCE_ID_INVALID']);
      const other = await mint(sim, OTHER_USER, SEED.otherAccountId);
      const foreign = await gql(
        sim,
        other,
        '{ integrationPackInstances { id } }',
        undefined,
        sg(SEED.otherAccountSpaceGuid),
      );
      const foreignId = foreign.body.data.integrationPackInstances[0].id;
      expect(
        codes(await gql(sim, token, `mutation { integrationPackInstanceUninstall(id: "${foreignId}") }`)),
      ).toEqual(['IPACK_INSTANCE_ID_INVALID']);
      const list = await q('{ integrationPackInstances { id } }');
      expect(list.body.data.integrationPackInstances.map((i: { id: string }) => i.id)).not.toContain(
        instanceId,
      );
    });
  });

  describe('environments and attachments', () => {
    it('environments list the account environments, atoms and attachments of visible instances', async () => {
      const res = await q(
        '{ environments { id name classification atoms { id name } integrationPackEnvironmentAttachment { id environmentId integrationPackInstanceId } } }',
      );
      const envs = res.body.data.environments as Array<{
        classification: string;
        integrationPackEnvironmentAttachment: Array<{
          id: string;
          environmentId: string;
          integrationPackInstanceId: string;
        }>;
      }>;
      expect(envs.map((e) => e.classification).sort()).toEqual(['PROD', 'TEST', 'TEST']);
      const attachment = envs.flatMap((e) => e.integrationPackEnvironmentAttachment)[0];
      expect(decodeBase64Unpadded(attachment?.id ?? '')).toBe(
        `ATTACH_IPACK_ENV${attachment?.integrationPackInstanceId}:${attachment?.environmentId}`,
      );
    });

    it('attach then unattach; errors for bad instance, environment and double attach', async () => {
      const { instanceId, staging, prod } = await fixture();
      const attach = (inst: string, envIds: string[]) =>
        q(
          `mutation { integrationPackInstanceEnvironmentAttachmentAttach(input: { integrationPackInstanceId: "${inst}", environmentIds: ${JSON.stringify(envIds)} }) { id environmentId integrationPackInstanceId environmentExtensions } }`,
        );
      const ok = await attach(instanceId, [staging.id]);
      const created = ok.body.data.integrationPackInstanceEnvironmentAttachmentAttach[0];
      expect(created).toMatchObject({
        environmentId: staging.id,
        integrationPackInstanceId: instanceId,
        environmentExtensions: null,
      });
      expect(codes(await attach(instanceId, [staging.id]))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await attach(instanceId, ['no-such-env']))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await attach(instanceId, []))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await attach('SW50ZWdyYXRpb25QYWNrSW5zdGFuY2Ux', [prod.id]))).toEqual([
        'IPACK_INSTANCE_ID_INVALID',
      ]);
      const unattach = await q(
        `mutation { integrationPackInstanceEnvironmentAttachmentUnattach(id: "${created.id}") }`,
      );
      expect(unattach.body).toEqual({
        data: { integrationPackInstanceEnvironmentAttachmentUnattach: created.id },
      });
      expect(
        codes(
          await q(`mutation { integrationPackInstanceEnvironmentAttachmentUnattach(id: "${created.id}") }`),
        ),
      ).toEqual(['IPACK_INSTANCE_ID_INVALID']);
      expect(sim.stats().mutations.map((m) => [m.operation, m.spaceGuid])).toEqual([
        ['integrationPackInstanceEnvironmentAttachmentAttach', GUID],
        ['integrationPackInstanceEnvironmentAttachmentUnattach', GUID],
      ]);
    });

    it('integrationPackEnvironmentAttachments returns extensions and map extensions as JSON strings', async () => {
      const { instanceId, prod } = await fixture();
      const res = await q(
        `{ integrationPackEnvironmentAttachments(ipackInstanceId: "${instanceId}", environmentIds: ["${prod.id}"]) { id integrationPackInstanceId environmentExtensions environmentMapExtension } }`,
      );
      const [att] = res.body.data.integrationPackEnvironmentAttachments;
      expect(att.integrationPackInstanceId).toBe(instanceId);
      expect(JSON.parse(att.environmentExtensions)['@type']).toBe('EnvironmentExtensions');
      expect(att.environmentMapExtension).toHaveLength(2);
      expect(JSON.parse(att.environmentMapExtension[0])['@type']).toBe('BulkResult');
      expect(att.environmentMapExtension[1]).toBe('');
      expect(
        codes(
          await q(
            `{ integrationPackEnvironmentAttachments(ipackInstanceId: "bad", environmentIds: ["${prod.id}"]) { id } }`,
          ),
        ),
      ).toEqual(['IPACK_INSTANCE_ID_INVALID']);
      expect(
        codes(
          await q(
            `{ integrationPackEnvironmentAttachments(ipackInstanceId: "${instanceId}", environmentIds: ["nope"]) { id } }`,
          ),
        ),
      ).toEqual(['PLATFORM_CALL_ERROR']);
    });
  });

  describe('processes, schedules, executions', () => {
    it('integrationPackInstanceProcesses lists processes with schedules; bad instance → IPACK_INSTANCE_ID_INVALID', async () => {
      const { processes, instanceId } = await fixture();
      expect(processes).toHaveLength(2);
      const s = processes[0]?.processSchedules;
      expect(decodeBase64Unpadded(s?.id ?? '')).toBe(`CPS${s?.atomId}:${processes[0]?.id}`);
      expect(
        codes(await q('{ integrationPackInstanceProcesses(integrationPackInstanceId: "ID") { id } }')),
      ).toEqual(['IPACK_INSTANCE_ID_INVALID']);
      // Not visible in a Space that does not share the pack.
      const elsewhere = SEED.demoLiveSpaceGuids.find((_g, i) => i > 0) as string;
      const outside = await q(
        `{ integrationPackInstanceProcesses(integrationPackInstanceId: "${instanceId}") { id } }`,
        undefined,
        elsewhere,
      );
      expect(codes(outside)).toEqual(['IPACK_INSTANCE_ID_INVALID']);
    });

    it('processSchedulesUpdate replaces schedule and retry; errors for bad id, JSON, values', async () => {
      const { processes } = await fixture();
      const s = processes[0]?.processSchedules as { id: string; atomId: string };
      const body = {
        Schedule: [
          {
            minutes: '0-59/15',
            hours: '8-18',
            daysOfWeek: '2,3,4,5,6',
            daysOfMonth: '*',
            months: '*',
            years: '*',
          },
        ],
        Retry: { Schedule: [], maxRetry: 3 },
        processId: processes[0]?.id,
        atomId: s.atomId,
        id: s.id,
      };
      const mutation =
        'mutation($p: String!, $id: String!) { processSchedulesUpdate(processSchedules: $p, processSchedulesId: $id) { id atomId processId schedule { minutes hours daysOfWeek } retry { maxRetry schedule { minutes } } } }';
      const ok = await q(mutation, { p: JSON.stringify(body), id: s.id });
      expect(ok.body.data.processSchedulesUpdate).toMatchObject({
        id: s.id,
        schedule: [{ minutes: '0-59/15', hours: '8-18', daysOfWeek: '2,3,4,5,6' }],
        retry: { maxRetry: 3, schedule: [] },
      });
      const read = await q(
        `{ integrationPackInstanceProcesses(integrationPackInstanceId: "${(await fixture()).instanceId}") { processSchedules { retry { maxRetry } } } }`,
      );
      expect(read.body.data.integrationPackInstanceProcesses[0].processSchedules.retry.maxRetry).toBe(3);
      expect(codes(await q(mutation, { p: JSON.stringify(body), id: 'nope' }))).toEqual([
        'PLATFORM_CALL_ERROR',
      ]);
      expect(codes(await q(mutation, { p: '{not json', id: s.id }))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(
        codes(await q(mutation, { p: JSON.stringify({ ...body, Retry: { maxRetry: 9 } }), id: s.id })),
      ).toEqual(['PLATFORM_CALL_ERROR']);
      expect(
        codes(await q(mutation, { p: JSON.stringify({ ...body, processId: 'other' }), id: s.id })),
      ).toEqual(['PLATFORM_CALL_ERROR']);
      const otherGuid = SEED.demoLiveSpaceGuids[3] as string;
      expect(codes(await q(mutation, { p: JSON.stringify(body), id: s.id }, otherGuid))).toEqual([
        'UNAUTHORIZED',
      ]);
    });

    it('processExecute returns an ExecutionRequest JSON and records an execution', async () => {
      const { processes } = await fixture();
      const p = processes[0] as { id: string; processSchedules: { atomId: string } };
      const res = await q(
        `mutation { processExecute(input: { atomId: "${p.processSchedules.atomId}", processId: "${p.id}" }) }`,
      );
      const request = JSON.parse(res.body.data.processExecute);
      expect(request).toMatchObject({
        '@type': 'ExecutionRequest',
        processId: p.id,
        atomId: p.processSchedules.atomId,
      });
      expect(request.requestId).toMatch(/^executionrecord-[0-9a-f-]{36}$/);
      expect(request.recordUrl).toBe(
        `https://platform.boomi.com/api/rest/v1/${SEED.demoAccountId}/ExecutionRecord/async/${request.requestId}`,
      );
      const history = await q(
        `{ executionHistory(input: { processId: "${p.id}", executionTime: "2024-01-01T00:00:00Z", status: COMPLETE }) { executionId executionType status } }`,
      );
      expect(history.body.data.executionHistory).toHaveLength(1);
      expect(history.body.data.executionHistory[0]).toMatchObject({
        executionType: 'exec_manual',
        status: 'COMPLETE',
      });
      expect(
        codes(await q(`mutation { processExecute(input: { atomId: "nope", processId: "${p.id}" }) }`)),
      ).toEqual(['PLATFORM_CALL_ERROR']);
      expect(
        codes(
          await q(
            `mutation { processExecute(input: { atomId: "${p.processSchedules.atomId}", processId: "nope" }) }`,
          ),
        ),
      ).toEqual(['PLATFORM_CALL_ERROR']);
    });

    it('executionHistory filters by process, status and time; bad date → INVALID_OR_PAST_DATE', async () => {
      const { processes } = await fixture();
      const id = processes[0]?.id;
      const statuses = ['ABORTED', 'COMPLETE', 'COMPLETE_WARN', 'DISCARDED', 'ERROR', 'INPROCESS', 'STARTED'];
      let total = 0;
      for (const status of statuses) {
        const res = await q(
          `{ executionHistory(input: { processId: "${id}", executionTime: "2016-01-31T15:32:00Z", status: ${status} }) { executionId status executionTime executionDuration inboundDocumentSize } }`,
        );
        for (const r of res.body.data.executionHistory) {
          expect(r.status).toBe(status);
          expect(r.executionId).toMatch(/^execution-[0-9a-f-]{36}-\d{4}\.\d{2}\.\d{2}$/);
          expect(r.executionTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          expect(r.executionDuration[0]).toBe('Long');
        }
        total += res.body.data.executionHistory.length;
      }
      // Four seeded records per schedule (the instance runs on one atom per attached environment).
      expect(total).toBeGreaterThanOrEqual(4);
      expect(total % 4).toBe(0);
      const later = await q(
        `{ executionHistory(input: { processId: "${id}", executionTime: "2030-01-01T00:00:00Z", status: COMPLETE }) { executionId } }`,
      );
      expect(later.body.data.executionHistory).toEqual([]);
      expect(
        codes(
          await q(
            `{ executionHistory(input: { processId: "${id}", executionTime: "yesterday", status: ERROR }) { executionId } }`,
          ),
        ),
      ).toEqual(['INVALID_OR_PAST_DATE']);
      expect(
        codes(
          await q(
            '{ executionHistory(input: { processId: "nope", executionTime: "2016-01-31T15:32:00Z", status: ERROR }) { executionId } }',
          ),
        ),
      ).toEqual(['PLATFORM_CALL_ERROR']);
    });
  });

  describe('extensions', () => {
    async function extensionIds() {
      const { instanceId, prod } = await fixture();
      const res = await q(
        `{ integrationPackEnvironmentAttachments(ipackInstanceId: "${instanceId}", environmentIds: ["${prod.id}"]) { environmentExtensions environmentMapExtension } }`,
      );
      const att = res.body.data.integrationPackEnvironmentAttachments[0];
      const ext = JSON.parse(att.environmentExtensions) as {
        id: string;
        connections: { connection: Array<{ id: string; field: Array<{ id: string; value: string }> }> };
      };
      const map = JSON.parse(att.environmentMapExtension[0]).response[0].Result as { id: string };
      return { ext, mapId: map.id, instanceId, prod };
    }

    it('extensionsUpdate: partial merges by id, non-partial resets omitted properties', async () => {
      const { ext, instanceId, prod } = await extensionIds();
      expect(decodeBase64Unpadded(ext.id)).toMatch(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/);
      const connection = ext.connections.connection[0] as { id: string };
      const partial = {
        partial: 'true',
        connections: {
          connection: [{ id: connection.id, field: [{ id: 'host', value: 'changed.example.com' }] }],
        },
      };
      const m = 'mutation($input: [ExtensionInput!]!) { extensionsUpdate(input: $input) }';
      const res = await q(m, { input: [{ extensions: JSON.stringify(partial), envExtensionId: ext.id }] });
      const updated = JSON.parse(res.body.data.extensionsUpdate[0]);
      expect(updated.partial).toBeUndefined();
      const fields = updated.connections.connection[0].field as Array<{ id: string; value: string }>;
      expect(fields.find((f) => f.id === 'host')?.value).toBe('changed.example.com');
      expect(fields.find((f) => f.id === 'user')?.value).toBe('integration-user');
      expect(updated.processProperties).toBeDefined();
      const full = await q(m, {
        input: [{ extensions: JSON.stringify({ connections: { connection: [] } }), envExtensionId: ext.id }],
      });
      const reset = JSON.parse(full.body.data.extensionsUpdate[0]);
      expect(reset.processProperties).toBeUndefined();
      expect(reset.id).toBe(ext.id);
      const read = await q(
        `{ integrationPackEnvironmentAttachments(ipackInstanceId: "${instanceId}", environmentIds: ["${prod.id}"]) { environmentExtensions } }`,
      );
      expect(
        JSON.parse(read.body.data.integrationPackEnvironmentAttachments[0].environmentExtensions).connections
          .connection,
      ).toEqual([]);
      expect(codes(await q(m, { input: [{ extensions: '{}', envExtensionId: 'nope' }] }))).toEqual([
        'PLATFORM_CALL_ERROR',
      ]);
      expect(codes(await q(m, { input: [{ extensions: '[1]', envExtensionId: ext.id }] }))).toEqual([
        'PLATFORM_CALL_ERROR',
      ]);
      expect(
        codes(
          await q(m, { input: [{ extensions: '{}', envExtensionId: ext.id }] }, SEED.demoLiveSpaceGuids[3]),
        ),
      ).toEqual(['UNAUTHORIZED']);
    });

    it('extendedMappersUpdate replaces the map extension', async () => {
      const { mapId } = await extensionIds();
      const m = 'mutation($input: [ExtensionInput!]!) { extendedMappersUpdate(input: $input) }';
      const body = {
        Map: { '@type': 'MapExtension', ExtendedMappings: { Mapping: [{ fromXPath: '/a', toXPath: '/b' }] } },
      };
      const res = await q(m, { input: [{ extensions: JSON.stringify(body), envExtensionId: mapId }] });
      const updated = JSON.parse(res.body.data.extendedMappersUpdate[0]);
      expect(updated).toMatchObject({ '@type': 'EnvironmentMapExtension', id: mapId, Map: body.Map });
      expect(
        codes(await q(m, { input: [{ extensions: JSON.stringify(body), envExtensionId: 'nope' }] })),
      ).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await q(m, { input: [{ extensions: 'x', envExtensionId: mapId }] }))).toEqual([
        'PLATFORM_CALL_ERROR',
      ]);
      expect(
        codes(
          await q(m, { input: [{ extensions: '{}', envExtensionId: mapId }] }, SEED.demoLiveSpaceGuids[3]),
        ),
      ).toEqual(['UNAUTHORIZED']);
    });
  });

  describe('OAuth connector details', () => {
    it('reads the seeded details, saves new ones (secret never returned or logged), null when nothing saved', async () => {
      const { instanceId, prod, processes } = await fixture();
      const keys = (processId: string, connectionId: string) =>
        `integrationPackInstanceId: "${instanceId}", envId: "${prod.id}", processId: "${processId}", connectionId: "${connectionId}", catalogGuid: "${GUID}"`;
      const fields =
        'id integrationPackInstanceId envId isTokenGenerated connectionId processId oauthConnectorDetails catalogGuid';
      const seeded = await q(
        `{ IPackInstanceOAuthConnectorDetails(input: { ${keys(processes[0]?.id ?? '', 'oauth-connection-1')} }) { ${fields} } }`,
      );
      expect(
        JSON.parse(seeded.body.data.IPackInstanceOAuthConnectorDetails.oauthConnectorDetails).baseURL,
      ).toBe('https://baseURL.com');
      const none = await q(
        `{ IPackInstanceOAuthConnectorDetails(input: { ${keys(processes[1]?.id ?? '', 'conn-2')} }) { id } }`,
      );
      expect(none.body).toEqual({ data: { IPackInstanceOAuthConnectorDetails: null } });
      const secret = 'super-secret-client-secret';
      const details = JSON.stringify({ baseURL: 'https://x.example.com', clientId: 'B' });
      const saved = await q(
        `mutation($d: String!) { saveIPackInstanceOauthConnectorDetails(input: { ${keys(processes[1]?.id ?? '', 'conn-2')}, isTokenGenerated: true, oauthConnectorDetails: $d, clientId: "B", clientSecret: "${secret}" }) { ${fields} } }`,
        { d: details },
      );
      expect(saved.body.data.saveIPackInstanceOauthConnectorDetails).toMatchObject({
        isTokenGenerated: true,
        catalogGuid: GUID,
        oauthConnectorDetails: details,
      });
      expect(JSON.stringify(saved.body)).not.toContain(secret);
      expect(JSON.stringify(sim.stats())).not.toContain(secret);
      const read = await q(
        `{ IPackInstanceOAuthConnectorDetails(input: { ${keys(processes[1]?.id ?? '', 'conn-2')} }) { id isTokenGenerated } }`,
      );
      expect(read.body.data.IPackInstanceOAuthConnectorDetails.isTokenGenerated).toBe(true);
    });

    it('errors: catalogGuid of another Space → UNAUTHORIZED, bad instance → IPACK_INSTANCE_ID_INVALID, bad env/process/JSON → PLATFORM_CALL_ERROR', async () => {
      const { instanceId, prod, processes } = await fixture();
      const pid = processes[0]?.id ?? '';
      const get = (input: string) => q(`{ IPackInstanceOAuthConnectorDetails(input: { ${input} }) { id } }`);
      expect(
        codes(
          await get(
            `integrationPackInstanceId: "${instanceId}", envId: "${prod.id}", processId: "${pid}", connectionId: "c", catalogGuid: "${SEED.demoLiveSpaceGuids[1]}"`,
          ),
        ),
      ).toEqual(['UNAUTHORIZED']);
      expect(
        codes(
          await get(
            `integrationPackInstanceId: "test-101", envId: "2", processId: "1", connectionId: "3", catalogGuid: "${GUID}"`,
          ),
        ),
      ).toEqual(['IPACK_INSTANCE_ID_INVALID']);
      const save = (env: string, proc: string, details: string) =>
        q(
          `mutation { saveIPackInstanceOauthConnectorDetails(input: { integrationPackInstanceId: "${instanceId}", isTokenGenerated: false, oauthConnectorDetails: ${JSON.stringify(details)}, processId: "${proc}", envId: "${env}", connectionId: "c", catalogGuid: "${GUID}", clientId: "a", clientSecret: "b" }) { id } }`,
        );
      expect(codes(await save('nope', pid, '{}'))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await save(prod.id, 'nope', '{}'))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(codes(await save(prod.id, pid, 'not json'))).toEqual(['PLATFORM_CALL_ERROR']);
      expect(sim.stats().mutations).toHaveLength(0);
    });
  });
});
