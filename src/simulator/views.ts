/**
 * Maps state records to the SDL's object types. Fields that can fail on their own (sharedIpacks,
 * theme.logoUrl) are functions, so graphql-js resolves them lazily and reports their errors at
 * their own path while the rest of the object resolves.
 */
import { callerAccount } from './access.ts';
import type { SimContext } from './context.ts';
import { domainError } from './error-codes.ts';
import type {
  AttachmentRecord,
  EnvironmentRecord,
  ExecutionRecord,
  InstanceRecord,
  IntegrationPackRecord,
  ListingRecord,
  OAuthDetailsRecord,
  ProcessSchedulesRecord,
  SpaceRecord,
} from './model.ts';

/** Public URL of a Space's user interface. */
export function spaceUrl(space: SpaceRecord): string {
  return `https://space.boomi.com?guid=${space.guid}`;
}

/** IntegrationPack object. */
export function packView(pack: IntegrationPackRecord): Record<string, unknown> {
  return {
    id: pack.id,
    name: pack.name,
    description: pack.description,
    installationType: pack.installationType,
  };
}

/** Space object. */
export function spaceView(ctx: SimContext, space: SpaceRecord): Record<string, unknown> {
  const group = ctx.state.accountGroups.get(space.accountGroupId);
  const packs = (ids: string[]) =>
    ids.flatMap((id) => {
      const pack = ctx.state.integrationPacks.get(id);
      return pack ? [packView(pack)] : [];
    });
  return {
    id: space.id,
    name: space.name,
    description: space.description,
    createdDate: space.createdDate,
    createdByAccountId: space.createdByAccountId,
    modifiedDate: space.modifiedDate,
    modifiedByAccountId: space.modifiedByAccountId,
    url: spaceUrl(space),
    catalogArtifacts: [],
    accountGroup: group
      ? { id: group.id, name: group.name, integrationPacks: () => packs(group.integrationPackIds) }
      : null,
    // Documented: only sub-accounts of the Space's account group may request sharedIpacks.
    sharedIpacks: () => {
      if (!group?.accountIds.includes(callerAccount(ctx))) {
        throw domainError(
          'UNAUTHORIZED',
          "sharedIpacks may only be requested by sub-accounts of the Space's account group",
        );
      }
      return packs(space.integrationPackIds);
    },
    theme: space.theme
      ? {
          logoAltTxt: space.theme.logoAltTxt,
          logoUrl: () => {
            if (!space.theme?.logoId) return null;
            if (ctx.faults.config.themeStoreDown) {
              throw domainError(
                'SPACE_LOGO_GET_ERROR',
                'The Space logo could not be read: the logo store is unavailable',
              );
            }
            return `${ctx.baseUrl}/logos/${space.theme.logoId}`;
          },
        }
      : null,
  };
}

/** IntegrationPackInstance object. */
export function instanceView(ctx: SimContext, instance: InstanceRecord): Record<string, unknown> {
  const pack = ctx.state.integrationPacks.get(instance.integrationPackId);
  return {
    id: instance.id,
    integrationPackOverrideName: instance.overrideName,
    integrationPackId: instance.integrationPackId,
    integrationPack: pack ? packView(pack) : null,
  };
}

/** IntegrationPackEnvironmentAttachment object; `withExtensions` adds the JSON extension fields. */
export function attachmentView(
  ctx: SimContext,
  attachment: AttachmentRecord,
  withExtensions: boolean,
): Record<string, unknown> {
  if (!withExtensions) {
    return {
      id: attachment.id,
      environmentId: attachment.environmentId,
      integrationPackInstanceId: attachment.instanceId,
      environmentExtensions: null,
      environmentMapExtension: null,
    };
  }
  const extensions = [...ctx.state.extensions.values()].find(
    (e) => e.instanceId === attachment.instanceId && e.environmentId === attachment.environmentId,
  );
  const maps = [...ctx.state.mapExtensions.values()].filter(
    (m) => m.instanceId === attachment.instanceId && m.environmentId === attachment.environmentId,
  );
  return {
    id: attachment.id,
    environmentId: attachment.environmentId,
    integrationPackInstanceId: attachment.instanceId,
    environmentExtensions: extensions ? JSON.stringify(extensions.value) : null,
    // Each entry is a Platform BulkResult; "" for a map without extension data (as documented).
    environmentMapExtension: maps.map((m) =>
      m.value
        ? JSON.stringify({
            '@type': 'BulkResult',
            response: [{ '@type': 'BulkResponse', Result: m.value, index: 0, id: m.id, statusCode: '200' }],
          })
        : '',
    ),
  };
}

/** Environment object, with the attachments of the given visible instances only. */
export function environmentView(
  ctx: SimContext,
  env: EnvironmentRecord,
  visibleInstanceIds: ReadonlySet<string>,
): Record<string, unknown> {
  return {
    id: env.id,
    name: env.name,
    classification: env.classification,
    integrationPackEnvironmentAttachment: [...ctx.state.attachments.values()]
      .filter((a) => a.environmentId === env.id && visibleInstanceIds.has(a.instanceId))
      .map((a) => attachmentView(ctx, a, false)),
    atoms: env.atomIds.flatMap((id) => {
      const atom = ctx.state.atoms.get(id);
      return atom ? [{ id: atom.id, name: atom.name }] : [];
    }),
  };
}

/** ProcessSchedules object. */
export function schedulesView(s: ProcessSchedulesRecord): Record<string, unknown> {
  return {
    id: s.id,
    processId: s.processId,
    atomId: s.atomId,
    envId: s.envId,
    schedule: s.schedule.map((l) => ({ ...l })),
    retry: { schedule: s.retry.schedule.map((l) => ({ ...l })), maxRetry: s.retry.maxRetry },
  };
}

/** ExecutionHistoryRecord object (Long values as ["Long", "<digits>"], as observed). */
export function executionView(e: ExecutionRecord): Record<string, unknown> {
  return {
    executionId: e.executionId,
    originalExecutionId: e.originalExecutionId,
    account: e.account,
    executionTime: e.executionTime,
    status: e.status,
    executionType: e.executionType,
    processName: e.processName,
    atomName: e.atomName,
    atomId: e.atomId,
    inboundDocumentCount: e.inboundDocumentCount,
    inboundErrorDocumentCount: e.inboundErrorDocumentCount,
    outboundDocumentCount: e.outboundDocumentCount,
    executionDuration: ['Long', String(e.executionDuration)],
    message: e.message,
    inboundDocumentSize: ['Long', String(e.inboundDocumentSize)],
    outboundDocumentSize: ['Long', String(e.outboundDocumentSize)],
  };
}

/** IPackInstanceOAuthConnectorDetail object (the client secret is never part of it). */
export function oauthView(d: OAuthDetailsRecord): Record<string, unknown> {
  return {
    id: d.id,
    integrationPackInstanceId: d.integrationPackInstanceId,
    envId: d.envId,
    isTokenGenerated: d.isTokenGenerated,
    connectionId: d.connectionId,
    processId: d.processId,
    oauthConnectorDetails: d.oauthConnectorDetails,
    catalogGuid: d.spaceGuid,
  };
}

/** SpaceArtifactListing object. */
export function listingView(l: ListingRecord): Record<string, unknown> {
  return {
    id: l.id,
    spaceId: l.spaceId,
    spaceArtifact: { spaceArtifactType: l.spaceArtifactType, spaceArtifactId: l.spaceArtifactId },
    spaceArtifactListingMetaData: { catalogArtifactMetaData: l.catalogArtifactMetaData },
    submissionStatus: { __typename: 'ArtifactSubmissionStatus', spaceArtifactStatus: l.status },
    lastSubmittedDate: l.lastModifiedDate,
    reviewerUserId: null,
    statusLastModifiedDate: l.lastModifiedDate,
    tags: l.tags.map((t) => ({ ...t })),
    publisher: l.publisher ? { ...l.publisher } : null,
    topics: [],
    createdDate: l.createdDate,
    createdByAccountId: l.createdByAccountId,
    createdByUserId: l.createdByUserId,
    lastModifiedDate: l.lastModifiedDate,
    modifiedByAccountId: l.modifiedByAccountId,
    modifiedByUserId: l.modifiedByUserId,
    lastSubmittedByUserId: l.createdByUserId,
  };
}
