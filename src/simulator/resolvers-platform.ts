/**
 * Root resolvers of the platform-backed operations: integration pack instances, environments,
 * attachments, processes, schedules, executions and extensions. Space-scoped (SG) operations see
 * only the caller account's objects whose integration pack is shared with the SPACE_GUID Space.
 */
import { callerAccount, canSeeSpace, scopedSpace, visibleInstance, visibleInstances } from './access.ts';
import type { SimContext } from './context.ts';
import { domainError } from './error-codes.ts';
import { decodeBase64Unpadded, formatExecutionTime, parseExecutionTime } from './formats.ts';
import { mergePartial, parseJsonObject } from './json-merge.ts';
import type { EnvironmentRecord, ScheduleLine, SpaceRecord } from './model.ts';
import {
  attachInstance,
  detachAttachment,
  installInstance,
  processesOf,
  uninstallInstance,
} from './platform-ops.ts';
import type { RootResolvers } from './root-types.ts';
import { attachmentView, environmentView, executionView, instanceView, schedulesView } from './views.ts';

type Input = Record<string, unknown>;

function platformError(message: string): Error {
  return domainError('PLATFORM_CALL_ERROR', message);
}

/** An environment of the caller's account, or PLATFORM_CALL_ERROR. */
function callerEnvironment(ctx: SimContext, id: unknown): EnvironmentRecord {
  const env = typeof id === 'string' ? ctx.state.environments.get(id) : undefined;
  if (!env || env.accountId !== callerAccount(ctx))
    throw platformError(`Environment ${String(id)} was not found`);
  return env;
}

/** A process visible in the Space (its instance is visible), or PLATFORM_CALL_ERROR. */
function visibleProcess(ctx: SimContext, space: SpaceRecord, id: unknown) {
  const process = typeof id === 'string' ? ctx.state.processes.get(id) : undefined;
  const visible = new Set(visibleInstances(ctx, space).map((i) => i.id));
  if (!process || !visible.has(process.instanceId))
    throw platformError(`Process ${String(id)} was not found`);
  return process;
}

function scheduleLines(value: unknown, where: string): ScheduleLine[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw platformError(`${where} must be an array of schedules`);
  const fields = ['minutes', 'hours', 'daysOfWeek', 'daysOfMonth', 'months', 'years'] as const;
  return value.map((line, index) => {
    if (typeof line !== 'object' || line === null)
      throw platformError(`${where}[${index}] must be an object`);
    const out = {} as ScheduleLine;
    for (const field of fields) {
      const v = (line as Record<string, unknown>)[field];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        throw platformError(`${where}[${index}].${field} must be a string`);
      }
      out[field] = v ?? '';
    }
    return out;
  });
}

/** Platform query resolvers. */
export const platformQueries: RootResolvers = {
  integrationPackInstances(_args, ctx) {
    const space = scopedSpace(ctx, 'integrationPackInstances');
    return visibleInstances(ctx, space).map((i) => instanceView(ctx, i));
  },

  environments(_args, ctx) {
    const space = scopedSpace(ctx, 'environments');
    const visible = new Set(visibleInstances(ctx, space).map((i) => i.id));
    const accountId = callerAccount(ctx);
    return [...ctx.state.environments.values()]
      .filter((e) => e.accountId === accountId)
      .map((e) => environmentView(ctx, e, visible));
  },

  integrationPackInstanceProcesses(args, ctx) {
    const space = scopedSpace(ctx, 'integrationPackInstanceProcesses');
    const instance = visibleInstance(ctx, space, args.integrationPackInstanceId);
    return processesOf(ctx.state, instance.id).map((p) => {
      const schedules = [...ctx.state.processSchedules.values()].find((s) => s.processId === p.id);
      return {
        id: p.id,
        name: p.name,
        integrationPack: [{ integrationPackId: p.integrationPackId, integrationPackInstanceId: instance.id }],
        processSchedules: schedules ? schedulesView(schedules) : null,
      };
    });
  },

  executionHistory(args, ctx) {
    const space = scopedSpace(ctx, 'executionHistory');
    const input = args.input as Input;
    const since = parseExecutionTime(input.executionTime);
    if (!since) {
      throw domainError('INVALID_OR_PAST_DATE', "executionTime must have the form yyyy-MM-dd'T'HH:mm:ss'Z'");
    }
    const process = visibleProcess(ctx, space, input.processId);
    // Undocumented filter semantics; chosen: records of the process with that status at or after executionTime.
    return ctx.state.executions
      .filter(
        (e) =>
          e.processId === process.id &&
          e.status === input.status &&
          new Date(e.executionTime).getTime() >= since.getTime(),
      )
      .sort((a, b) => a.executionTime.localeCompare(b.executionTime))
      .map(executionView);
  },

  integrationPackEnvironmentAttachments(args, ctx) {
    const space = scopedSpace(ctx, 'integrationPackEnvironmentAttachments');
    const instance = visibleInstance(ctx, space, args.ipackInstanceId);
    const envs = (args.environmentIds as string[]).map((id) => callerEnvironment(ctx, id));
    return envs.flatMap((env) => {
      const attachment = [...ctx.state.attachments.values()].find(
        (a) => a.instanceId === instance.id && a.environmentId === env.id,
      );
      return attachment ? [attachmentView(ctx, attachment, true)] : [];
    });
  },
};

/** Platform mutation resolvers. */
export const platformMutations: RootResolvers = {
  integrationPackInstanceInstall(args, ctx) {
    const accountId = callerAccount(ctx);
    const input = args.input as Input;
    const packId = input.integrationPackId as string;
    // Not space-scoped in the docs: with a SPACE_GUID header the pack must be shared with that Space,
    // without one with any live Space the caller owns or belongs to.
    const spaces =
      ctx.spaceGuid !== undefined
        ? [scopedSpace(ctx, 'integrationPackInstanceInstall')]
        : [...ctx.state.spaces.values()].filter((s) => !s.deleted && canSeeSpace(s, accountId));
    const pack = ctx.state.integrationPacks.get(packId);
    if (!pack || !spaces.some((s) => s.integrationPackIds.includes(packId))) {
      throw domainError(
        'IPACK_NOT_FOUND_IN_SPACE',
        `Integration pack ${packId} is not shared with the Space`,
      );
    }
    const overrideName =
      typeof input.integrationPackOverrideName === 'string' ? input.integrationPackOverrideName : null;
    const existing = [...ctx.state.instances.values()].filter(
      (i) => i.accountId === accountId && i.integrationPackId === packId,
    );
    if (pack.installationType === 'SINGLE' && existing.length > 0) {
      throw platformError(`Integration pack ${pack.name} is single-install and already installed`);
    }
    if (pack.installationType === 'MULTI') {
      if (!overrideName || overrideName.trim() === '') {
        throw platformError('integrationPackOverrideName is required for a multi-install integration pack');
      }
      if (existing.some((i) => i.overrideName === overrideName)) {
        throw platformError(`An instance named "${overrideName}" already exists`);
      }
    }
    return instanceView(ctx, installInstance(ctx.state, accountId, pack, overrideName));
  },

  integrationPackInstanceUninstall(args, ctx) {
    const accountId = callerAccount(ctx);
    const instance = typeof args.id === 'string' ? ctx.state.instances.get(args.id) : undefined;
    if (!instance || instance.accountId !== accountId) {
      throw domainError(
        'IPACK_INSTANCE_ID_INVALID',
        `Integration pack instance ${String(args.id)} is not valid`,
      );
    }
    uninstallInstance(ctx.state, instance);
    return instance.id;
  },

  integrationPackInstanceEnvironmentAttachmentAttach(args, ctx) {
    const space = scopedSpace(ctx, 'integrationPackInstanceEnvironmentAttachmentAttach');
    const input = args.input as Input;
    const instance = visibleInstance(ctx, space, input.integrationPackInstanceId);
    const ids = [...new Set(input.environmentIds as string[])];
    if (ids.length === 0) throw platformError('At least one environment id is required');
    const envs = ids.map((id) => callerEnvironment(ctx, id));
    for (const env of envs) {
      if (
        [...ctx.state.attachments.values()].some(
          (a) => a.instanceId === instance.id && a.environmentId === env.id,
        )
      ) {
        throw platformError(`The instance is already attached to environment ${env.id}`);
      }
    }
    const pack = ctx.state.integrationPacks.get(instance.integrationPackId);
    if (!pack) throw new Error('integration pack of an instance vanished');
    // Documented response: environmentExtensions is null right after the attach.
    return envs.map((env) => attachmentView(ctx, attachInstance(ctx.state, instance, env, pack), false));
  },

  integrationPackInstanceEnvironmentAttachmentUnattach(args, ctx) {
    const space = scopedSpace(ctx, 'integrationPackInstanceEnvironmentAttachmentUnattach');
    const attachment = typeof args.id === 'string' ? ctx.state.attachments.get(args.id) : undefined;
    const visible = new Set(visibleInstances(ctx, space).map((i) => i.id));
    if (!attachment || !visible.has(attachment.instanceId)) {
      throw domainError(
        'IPACK_INSTANCE_ID_INVALID',
        `${String(args.id)} is not an environment attachment of an instance in this Space`,
      );
    }
    detachAttachment(ctx.state, attachment);
    return attachment.id;
  },

  processSchedulesUpdate(args, ctx) {
    const space = scopedSpace(ctx, 'processSchedulesUpdate');
    const id = args.processSchedulesId as string;
    const record = ctx.state.processSchedules.get(id);
    if (!record || !decodeBase64Unpadded(id)?.startsWith('CPS')) {
      throw platformError(`ProcessSchedules ${id} was not found`);
    }
    const process = ctx.state.processes.get(record.processId);
    const visible = new Set(visibleInstances(ctx, space).map((i) => i.id));
    if (!process || !visible.has(process.instanceId)) {
      throw domainError(
        'UNAUTHORIZED',
        `ProcessSchedules ${id} does not belong to an instance in this Space`,
      );
    }
    const body = parseJsonObject(args.processSchedules);
    if (!body) throw platformError('processSchedules must be a JSON ProcessSchedules object');
    if (body.processId !== undefined && body.processId !== record.processId) {
      throw platformError('processSchedules.processId does not match processSchedulesId');
    }
    if (body.atomId !== undefined && body.atomId !== record.atomId) {
      throw platformError('processSchedules.atomId does not match processSchedulesId');
    }
    const schedule = scheduleLines(body.Schedule, 'Schedule');
    const retryBody = (body.Retry ?? {}) as Record<string, unknown>;
    const retrySchedule = scheduleLines(retryBody.Schedule, 'Retry.Schedule');
    const maxRetry = retryBody.maxRetry ?? record.retry.maxRetry;
    if (typeof maxRetry !== 'number' || !Number.isInteger(maxRetry) || maxRetry < 0 || maxRetry > 5) {
      throw platformError('Retry.maxRetry must be an integer from 0 to 5');
    }
    record.schedule = schedule;
    record.retry = { schedule: retrySchedule, maxRetry };
    return schedulesView(record);
  },

  processExecute(args, ctx) {
    const space = scopedSpace(ctx, 'processExecute');
    const input = args.input as Input;
    const process = visibleProcess(ctx, space, input.processId);
    const atom = ctx.state.atoms.get(input.atomId as string);
    const attachedEnvIds = [...ctx.state.attachments.values()]
      .filter((a) => a.instanceId === process.instanceId)
      .map((a) => a.environmentId);
    const atomUsable =
      atom !== undefined &&
      attachedEnvIds.some((envId) => ctx.state.environments.get(envId)?.atomIds.includes(atom.id) === true);
    if (!atom || !atomUsable) {
      throw platformError(`Atom ${String(input.atomId)} is not attached to an environment of the process`);
    }
    const accountId = callerAccount(ctx);
    const requestId = `executionrecord-${ctx.state.rng.uuid()}`;
    const now = new Date();
    const executionId = `execution-${ctx.state.rng.uuid()}-${formatExecutionTime(now).slice(0, 10).replaceAll('-', '.')}`;
    ctx.state.executions.push({
      executionId,
      originalExecutionId: executionId,
      account: accountId,
      executionTime: formatExecutionTime(now),
      status: 'COMPLETE',
      executionType: 'exec_manual',
      processId: process.id,
      processName: process.name,
      atomName: atom.name,
      atomId: atom.id,
      inboundDocumentCount: 0,
      inboundErrorDocumentCount: 0,
      outboundDocumentCount: 0,
      executionDuration: 1000,
      message: null,
      inboundDocumentSize: 0,
      outboundDocumentSize: 0,
    });
    return JSON.stringify({
      '@type': 'ExecutionRequest',
      processId: process.id,
      atomId: atom.id,
      requestId,
      recordUrl: `https://platform.boomi.com/api/rest/v1/${accountId}/ExecutionRecord/async/${requestId}`,
    });
  },

  extensionsUpdate(args, ctx) {
    const space = scopedSpace(ctx, 'extensionsUpdate');
    const visible = new Set(visibleInstances(ctx, space).map((i) => i.id));
    // Validate every element first so a bad element leaves the others unchanged.
    const updates = (args.input as Input[]).map((item, index) => {
      const record = ctx.state.extensions.get(item.envExtensionId as string);
      if (!record) throw platformError(`EnvironmentExtensions ${String(item.envExtensionId)} was not found`);
      if (!visible.has(record.instanceId)) {
        throw domainError('UNAUTHORIZED', `EnvironmentExtensions ${record.id} does not belong to this Space`);
      }
      const body = parseJsonObject(item.extensions);
      if (!body)
        throw platformError(`input[${index}].extensions must be a JSON EnvironmentExtensions object`);
      return { record, body };
    });
    return updates.map(({ record, body }) => {
      const partial = body.partial === 'true' || body.partial === true;
      const { partial: _ignored, ...fields } = body;
      // Without "partial": "true" the Platform resets every property not passed.
      const merged = partial ? (mergePartial(record.value, fields) as Record<string, unknown>) : fields;
      record.value = {
        ...merged,
        '@type': 'EnvironmentExtensions',
        environmentId: record.environmentId,
        extensionGroupId: record.extensionGroupId,
        id: record.id,
      };
      return JSON.stringify(record.value);
    });
  },

  extendedMappersUpdate(args, ctx) {
    const space = scopedSpace(ctx, 'extendedMappersUpdate');
    const visible = new Set(visibleInstances(ctx, space).map((i) => i.id));
    const updates = (args.input as Input[]).map((item, index) => {
      const record = ctx.state.mapExtensions.get(item.envExtensionId as string);
      if (!record)
        throw platformError(`EnvironmentMapExtension ${String(item.envExtensionId)} was not found`);
      if (!visible.has(record.instanceId)) {
        throw domainError(
          'UNAUTHORIZED',
          `EnvironmentMapExtension ${record.id} does not belong to this Space`,
        );
      }
      const body = parseJsonObject(item.extensions);
      if (!body)
        throw platformError(`input[${index}].extensions must be a JSON EnvironmentMapExtension object`);
      return { record, body };
    });
    return updates.map(({ record, body }) => {
      record.value = {
        ...body,
        '@type': 'EnvironmentMapExtension',
        environmentId: record.environmentId,
        extensionGroupId: record.extensionGroupId,
        id: record.id,
        mapId: record.mapId,
        name: typeof body.name === 'string' ? body.name : record.name,
      };
      return JSON.stringify(record.value);
    });
  },
};
