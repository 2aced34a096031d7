/**
 * In-memory state of one simulator instance. Everything is plain data so that a fresh copy of the
 * seed can be built on every reset; the GraphQL layer maps these records to the SDL's types.
 */
import type { Prng } from './prng.ts';

/** A platform account (`demoaccount-XOCI9G`). */
export interface AccountRecord {
  id: string;
  name: string;
}

/** An account group of an owner account; one live Space per group at most. */
export interface AccountGroupRecord {
  id: string;
  name: string;
  ownerAccountId: string;
  /** Member accounts (sub-accounts; the owner is usually a member too). */
  accountIds: string[];
  /** Integration packs available to the group. */
  integrationPackIds: string[];
}

/** An integration pack of the catalog. */
export interface IntegrationPackRecord {
  id: string;
  name: string;
  description: string;
  installationType: 'SINGLE' | 'MULTI';
  /** Names of the processes an instance of this pack gets. */
  processNames: string[];
}

/** A stored Space logo. */
export interface LogoRecord {
  id: string;
  contentType: string;
  filename: string;
  bytes: Uint8Array;
}

/** A Space. Deleted Spaces are kept (soft delete) so reads can answer SPACE_IS_DELETED. */
export interface SpaceRecord {
  id: string;
  guid: string;
  name: string;
  description: string | null;
  accountGroupId: string;
  createdByAccountId: string;
  createdByUserId: string;
  createdDate: string;
  modifiedDate: string | null;
  modifiedByAccountId: string | null;
  sharingMode: 'ACCOUNT_GROUP';
  integrationPackIds: string[];
  /** Accounts given access to the Space (members). */
  accountIds: string[];
  /** null = no theme at all. */
  theme: { logoAltTxt: string | null; logoId: string | null } | null;
  deleted: boolean;
}

/** An installed integration pack instance, owned by one account. */
export interface InstanceRecord {
  id: string;
  integrationPackId: string;
  overrideName: string | null;
  accountId: string;
  /** Extension group id used by the instance's environment extensions. */
  extensionGroupId: string;
}

/** An environment of an account. */
export interface EnvironmentRecord {
  id: string;
  name: string;
  classification: 'PROD' | 'TEST';
  accountId: string;
  atomIds: string[];
}

/** A runtime (atom). */
export interface AtomRecord {
  id: string;
  name: string;
}

/** Attachment of an instance to an environment. */
export interface AttachmentRecord {
  id: string;
  instanceId: string;
  environmentId: string;
}

/** A process of an instance. */
export interface ProcessRecord {
  id: string;
  name: string;
  instanceId: string;
  integrationPackId: string;
}

/** One cron-like schedule line. */
export interface ScheduleLine {
  minutes: string;
  hours: string;
  daysOfWeek: string;
  daysOfMonth: string;
  months: string;
  years: string;
}

/** Schedules of a process on an atom. */
export interface ProcessSchedulesRecord {
  id: string;
  processId: string;
  atomId: string;
  envId: string;
  schedule: ScheduleLine[];
  retry: { schedule: ScheduleLine[]; maxRetry: number };
}

/** One execution record of a process. */
export interface ExecutionRecord {
  executionId: string;
  originalExecutionId: string;
  account: string;
  executionTime: string;
  status: 'ABORTED' | 'COMPLETE' | 'COMPLETE_WARN' | 'DISCARDED' | 'ERROR' | 'INPROCESS' | 'STARTED';
  executionType: string;
  processId: string;
  processName: string;
  atomName: string;
  atomId: string;
  inboundDocumentCount: number;
  inboundErrorDocumentCount: number;
  outboundDocumentCount: number;
  executionDuration: number;
  message: string | null;
  inboundDocumentSize: number;
  outboundDocumentSize: number;
}

/** EnvironmentExtensions of an instance's extension group in an environment. */
export interface ExtensionsRecord {
  /** envExtensionId */
  id: string;
  environmentId: string;
  extensionGroupId: string;
  instanceId: string;
  /** The Platform EnvironmentExtensions object (serialised on output). */
  value: Record<string, unknown>;
}

/** EnvironmentMapExtension of one map of an instance in an environment. */
export interface MapExtensionRecord {
  id: string;
  environmentId: string;
  extensionGroupId: string;
  instanceId: string;
  mapId: string;
  name: string;
  /** null = the map has no extension data (rendered as ""). */
  value: Record<string, unknown> | null;
}

/** Persisted OAuth connector details. */
export interface OAuthDetailsRecord {
  id: string;
  spaceGuid: string;
  integrationPackInstanceId: string;
  envId: string;
  processId: string;
  connectionId: string;
  isTokenGenerated: boolean;
  oauthConnectorDetails: string;
  clientId: string;
  /** Never the real secret (the platform stores a dummy). */
  clientSecret: string;
}

/** Saved listing metadata of a Space. */
export interface ListingRecord {
  id: string;
  spaceId: string;
  /** null = Submissions listing (type omitted). */
  listingType: 'INTEGRATION_PACK' | null;
  spaceArtifactType: string;
  spaceArtifactId: string;
  status: string;
  catalogArtifactMetaData: string;
  createdDate: string;
  createdByAccountId: string;
  createdByUserId: string;
  lastModifiedDate: string;
  modifiedByAccountId: string;
  modifiedByUserId: string;
  tags: Array<{ id: string; name: string }>;
  publisher: { id: string; name: string } | null;
}

/** The whole platform state of one simulator instance. */
export interface SimState {
  accounts: Map<string, AccountRecord>;
  accountGroups: Map<string, AccountGroupRecord>;
  integrationPacks: Map<string, IntegrationPackRecord>;
  spaces: Map<string, SpaceRecord>;
  logos: Map<string, LogoRecord>;
  instances: Map<string, InstanceRecord>;
  environments: Map<string, EnvironmentRecord>;
  atoms: Map<string, AtomRecord>;
  attachments: Map<string, AttachmentRecord>;
  processes: Map<string, ProcessRecord>;
  processSchedules: Map<string, ProcessSchedulesRecord>;
  executions: ExecutionRecord[];
  extensions: Map<string, ExtensionsRecord>;
  mapExtensions: Map<string, MapExtensionRecord>;
  oauthDetails: Map<string, OAuthDetailsRecord>;
  listings: Map<string, ListingRecord>;
  /** Next number for `IntegrationPackInstance<n>`. */
  nextInstanceNumber: number;
  /** Source of ids generated at run time (deterministic after each reset). */
  rng: Prng;
}
