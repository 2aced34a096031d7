/**
 * State transitions of the platform objects behind the space-scoped operations (install, attach,
 * detach, uninstall). Shared by the seed builder and the resolvers so seeded and created data look alike.
 */
import {
  attachmentIdFor,
  envExtensionIdFor,
  instanceIdFor,
  mapExtensionIdFor,
  processSchedulesIdFor,
} from './formats.ts';
import type {
  AttachmentRecord,
  EnvironmentRecord,
  InstanceRecord,
  IntegrationPackRecord,
  ProcessRecord,
  SimState,
} from './model.ts';

/** Installs an instance of `pack` for `accountId` and creates its processes. */
export function installInstance(
  state: SimState,
  accountId: string,
  pack: IntegrationPackRecord,
  overrideName: string | null,
): InstanceRecord {
  const instance: InstanceRecord = {
    id: instanceIdFor(state.nextInstanceNumber++),
    integrationPackId: pack.id,
    overrideName,
    accountId,
    extensionGroupId: state.rng.uuid(),
  };
  state.instances.set(instance.id, instance);
  for (const name of pack.processNames) {
    const process: ProcessRecord = {
      id: state.rng.uuid(),
      name: overrideName ? `${overrideName} - ${name}` : name,
      instanceId: instance.id,
      integrationPackId: pack.id,
    };
    state.processes.set(process.id, process);
  }
  return instance;
}

/** Processes of an instance, in creation order. */
export function processesOf(state: SimState, instanceId: string): ProcessRecord[] {
  return [...state.processes.values()].filter((p) => p.instanceId === instanceId);
}

/**
 * Attaches an instance to an environment: creates the attachment, the process schedules on the
 * environment's first atom, the environment extensions and two map extensions (one without data).
 */
export function attachInstance(
  state: SimState,
  instance: InstanceRecord,
  environment: EnvironmentRecord,
  pack: IntegrationPackRecord,
): AttachmentRecord {
  const attachment: AttachmentRecord = {
    id: attachmentIdFor(instance.id, environment.id),
    instanceId: instance.id,
    environmentId: environment.id,
  };
  state.attachments.set(attachment.id, attachment);
  const atomId = environment.atomIds[0];
  if (atomId !== undefined) {
    for (const process of processesOf(state, instance.id)) {
      const id = processSchedulesIdFor(atomId, process.id);
      if (state.processSchedules.has(id)) continue;
      state.processSchedules.set(id, {
        id,
        processId: process.id,
        atomId,
        envId: environment.id,
        schedule: [],
        retry: { schedule: [], maxRetry: 5 },
      });
    }
  }
  const extensionsId = envExtensionIdFor(environment.id, instance.extensionGroupId);
  state.extensions.set(extensionsId, {
    id: extensionsId,
    environmentId: environment.id,
    extensionGroupId: instance.extensionGroupId,
    instanceId: instance.id,
    value: {
      '@type': 'EnvironmentExtensions',
      connections: {
        '@type': 'Connections',
        connection: [
          {
            '@type': 'Connection',
            field: [
              extensionField('host', `${pack.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`),
              extensionField('user', 'integration-user'),
            ],
            id: state.rng.uuid(),
            name: `${pack.name} Connection`,
          },
        ],
      },
      processProperties: { '@type': 'OverrideProcessProperties' },
      environmentId: environment.id,
      extensionGroupId: instance.extensionGroupId,
      id: extensionsId,
    },
  });
  const mapNames = ['Source to Target Map', 'Lookup Map'];
  mapNames.forEach((name, index) => {
    const mapId = String(1_663_263_328_972 + state.rng.int(1_000_000_000));
    const id = mapExtensionIdFor(environment.id, instance.extensionGroupId, mapId);
    state.mapExtensions.set(id, {
      id,
      environmentId: environment.id,
      extensionGroupId: instance.extensionGroupId,
      instanceId: instance.id,
      mapId,
      name: `${pack.name} - ${name}`,
      // The documented response carries "" for maps without extension data: keep one such map.
      value:
        index === 0
          ? {
              '@type': 'EnvironmentMapExtension',
              Map: {
                '@type': 'MapExtension',
                ExtendedMappings: { '@type': 'MapExtensionsExtendedMappings', Mapping: [] },
              },
              environmentId: environment.id,
              extensionGroupId: instance.extensionGroupId,
              id,
              mapId,
              name: `${pack.name} - ${name}`,
            }
          : null,
    });
  });
  return attachment;
}

function extensionField(id: string, value: string): Record<string, unknown> {
  return {
    '@type': 'Field',
    id,
    value,
    encryptedValueSet: false,
    usesEncryption: false,
    componentOverride: false,
    useDefault: false,
  };
}

/** Removes an attachment and what hangs off it (schedules on that environment, extensions). */
export function detachAttachment(state: SimState, attachment: AttachmentRecord): void {
  state.attachments.delete(attachment.id);
  const processIds = new Set(processesOf(state, attachment.instanceId).map((p) => p.id));
  for (const [id, schedules] of state.processSchedules) {
    if (schedules.envId === attachment.environmentId && processIds.has(schedules.processId)) {
      state.processSchedules.delete(id);
    }
  }
  for (const [id, ext] of state.extensions) {
    if (ext.instanceId === attachment.instanceId && ext.environmentId === attachment.environmentId) {
      state.extensions.delete(id);
    }
  }
  for (const [id, ext] of state.mapExtensions) {
    if (ext.instanceId === attachment.instanceId && ext.environmentId === attachment.environmentId) {
      state.mapExtensions.delete(id);
    }
  }
}

/** Uninstalls an instance: its attachments, processes and OAuth details go with it. */
export function uninstallInstance(state: SimState, instance: InstanceRecord): void {
  for (const attachment of [...state.attachments.values()]) {
    if (attachment.instanceId === instance.id) detachAttachment(state, attachment);
  }
  for (const process of processesOf(state, instance.id)) state.processes.delete(process.id);
  for (const [id, details] of state.oauthDetails) {
    if (details.integrationPackInstanceId === instance.id) state.oauthDetails.delete(id);
  }
  state.instances.delete(instance.id);
}
