/**
 * Who may do what: caller identification, the SPACE_GUID scope of space-scoped (SG) operations and
 * the ownership rules of the admin operations.
 */
import type { SimContext } from './context.ts';
import { domainError } from './error-codes.ts';
import type { InstanceRecord, SpaceRecord } from './model.ts';

/** The caller's account id (MISSING_OP_ACCT_ID when the JWT carries none). */
export function callerAccount(ctx: SimContext): string {
  const accountId = ctx.caller.accountId;
  if (!accountId) throw domainError('MISSING_OP_ACCT_ID', 'The calling account id could not be determined');
  return accountId;
}

/** True when the account owns the Space or was given access to it. */
export function canSeeSpace(space: SpaceRecord, accountId: string): boolean {
  return space.createdByAccountId === accountId || space.accountIds.includes(accountId);
}

function requireId(id: unknown): string {
  if (typeof id !== 'string' || id.trim() === '')
    throw domainError('MISSING_SPACE_ID', 'A Space id is required');
  return id;
}

/** Looks a Space up by id for reading: owner or member. */
export function spaceForRead(ctx: SimContext, rawId: unknown): SpaceRecord {
  const id = requireId(rawId);
  const space = ctx.state.spaces.get(id);
  if (!space) throw domainError('SPACE_NOT_FOUND', `No Space exists for id ${id}`);
  if (space.deleted) throw domainError('SPACE_IS_DELETED', `The Space ${id} has been deleted`);
  if (!canSeeSpace(space, callerAccount(ctx))) {
    throw domainError('UNAUTHORIZED', `The calling account may not access the Space ${id}`);
  }
  return space;
}

/** Looks a Space up by id for update/delete: only the account that created it. */
export function spaceForWrite(ctx: SimContext, rawId: unknown): SpaceRecord {
  const id = requireId(rawId);
  const space = ctx.state.spaces.get(id);
  if (!space) throw domainError('SPACE_NOT_FOUND', `No Space exists for id ${id}`);
  if (space.createdByAccountId !== callerAccount(ctx)) {
    throw domainError('UNAUTHORIZED', `Only the account that created the Space ${id} may change it`);
  }
  if (space.deleted) throw domainError('SPACE_IS_DELETED', `The Space ${id} has been deleted`);
  return space;
}

/**
 * The Space selected by the SPACE_GUID header of a space-scoped operation.
 * Missing header → MISSING_SPACE_ID; unknown guid → SPACE_NOT_FOUND; deleted → SPACE_IS_DELETED;
 * caller neither owner nor member → UNAUTHORIZED.
 */
export function scopedSpace(ctx: SimContext, operation: string): SpaceRecord {
  const guid = ctx.spaceGuid;
  if (guid === undefined || guid.trim() === '') {
    throw domainError('MISSING_SPACE_ID', `The SPACE_GUID header is required for ${operation}`);
  }
  const space = [...ctx.state.spaces.values()].find((s) => s.guid === guid);
  if (!space) throw domainError('SPACE_NOT_FOUND', `No Space exists for guid ${guid}`);
  if (space.deleted) throw domainError('SPACE_IS_DELETED', `The Space with guid ${guid} has been deleted`);
  if (!canSeeSpace(space, callerAccount(ctx))) {
    throw domainError('UNAUTHORIZED', `The calling account has no access to the Space with guid ${guid}`);
  }
  return space;
}

/** Instances of the caller's account whose integration pack is shared with the Space. */
export function visibleInstances(ctx: SimContext, space: SpaceRecord): InstanceRecord[] {
  const accountId = callerAccount(ctx);
  return [...ctx.state.instances.values()].filter(
    (i) => i.accountId === accountId && space.integrationPackIds.includes(i.integrationPackId),
  );
}

/** A visible instance by id, or IPACK_INSTANCE_ID_INVALID. */
export function visibleInstance(ctx: SimContext, space: SpaceRecord, id: unknown): InstanceRecord {
  const instance = typeof id === 'string' ? ctx.state.instances.get(id) : undefined;
  if (
    !instance ||
    instance.accountId !== callerAccount(ctx) ||
    !space.integrationPackIds.includes(instance.integrationPackId)
  ) {
    throw domainError(
      'IPACK_INSTANCE_ID_INVALID',
      `Integration pack instance ${String(id)} is not valid for this account and Space`,
    );
  }
  return instance;
}
