/** Root resolvers of the admin Space operations: spaces, space/Space, spaceCreate/Update/Delete. */
import { callerAccount, spaceForRead, spaceForWrite } from './access.ts';
import { domainError } from './error-codes.ts';
import { formatSpaceDate } from './formats.ts';
import { acceptLogo } from './logo.ts';
import type { LogoRecord, SpaceRecord } from './model.ts';
import type { RootResolvers } from './root-types.ts';
import { validateSpaceName } from './space-name.ts';
import { spaceView } from './views.ts';

type Input = Record<string, unknown>;

const has = (obj: Input, key: string): boolean => Object.hasOwn(obj, key);

/** Space query resolvers. */
export const spaceQueries: RootResolvers = {
  spaces(_args, ctx) {
    const accountId = callerAccount(ctx);
    return [...ctx.state.spaces.values()]
      .filter((s) => !s.deleted && s.createdByAccountId === accountId)
      .map((s) => spaceView(ctx, s));
  },
  space(args, ctx) {
    return spaceView(ctx, spaceForRead(ctx, args.id));
  },
  Space(args, ctx) {
    return spaceView(ctx, spaceForRead(ctx, args.id));
  },
};

function nonNullIds(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (value as unknown[]).filter((v): v is string => typeof v === 'string');
}

/** Space mutation resolvers. */
export const spaceMutations: RootResolvers = {
  spaceCreate(args, ctx) {
    const accountId = callerAccount(ctx);
    const input = args.input as Input;
    const name = validateSpaceName(input.name, ctx.options.maxSpaceNameLength);
    const groupId = input.accountGroupId;
    if (typeof groupId !== 'string' || groupId.trim() === '') {
      throw domainError('MISSING_ACCT_GRP_ID', 'An account group id is required');
    }
    if (input.sharingMode != null && input.sharingMode !== 'ACCOUNT_GROUP') {
      throw domainError('UNSUPPORTED_SHARING_MODE', 'Only the ACCOUNT_GROUP sharing mode is supported');
    }
    const group = ctx.state.accountGroups.get(groupId);
    if (!group)
      throw domainError('PLATFORM_CALL_ERROR', `Account group ${groupId} was not found on the platform`);
    if (group.ownerAccountId !== accountId) {
      throw domainError(
        'UNAUTHORIZED',
        `The account group ${groupId} does not belong to the calling account`,
      );
    }
    const live = [...ctx.state.spaces.values()].filter((s) => !s.deleted);
    if (live.some((s) => s.accountGroupId === groupId)) {
      throw domainError(
        'SPACE_EXISTS_FOR_ACCT_GRP',
        `A Space already exists for the account group ${groupId}`,
      );
    }
    const max = ctx.options.maxSpacesPerAccount;
    if (max !== undefined && live.filter((s) => s.createdByAccountId === accountId).length >= max) {
      throw domainError('MAX_SPACE_COUNT_REACHED', `The account already has the maximum of ${max} Spaces`);
    }
    const packIds = nonNullIds(input.integrationPackIds) ?? [];
    for (const id of packIds) {
      if (!group.integrationPackIds.includes(id)) {
        throw domainError(
          'PLATFORM_CALL_ERROR',
          `Integration pack ${id} is not available to the account group`,
        );
      }
    }
    const accountIds = nonNullIds(input.accountIds) ?? group.accountIds.filter((id) => id !== accountId);
    for (const id of accountIds) {
      if (!group.accountIds.includes(id)) {
        throw domainError('PLATFORM_CALL_ERROR', `Account ${id} is not a member of the account group`);
      }
    }
    let logo: LogoRecord | undefined;
    let theme: SpaceRecord['theme'] = null;
    if (input.theme != null) {
      const themeInput = input.theme as Input;
      if (themeInput.logo != null) logo = acceptLogo(ctx, themeInput.logo);
      theme = {
        logoAltTxt: (themeInput.logoAltTxt as string | null | undefined) ?? null,
        logoId: logo?.id ?? null,
      };
    }
    // Every check passed: only now change state, so a failed create leaves nothing behind.
    if (logo) ctx.state.logos.set(logo.id, logo);
    const space: SpaceRecord = {
      id: ctx.state.rng.uuid(),
      guid: ctx.state.rng.uuid(),
      name,
      description: (input.description as string | null | undefined) ?? null,
      accountGroupId: groupId,
      createdByAccountId: accountId,
      createdByUserId: ctx.caller.userId ?? '',
      createdDate: formatSpaceDate(new Date()),
      modifiedDate: null,
      modifiedByAccountId: null,
      sharingMode: 'ACCOUNT_GROUP',
      integrationPackIds: [...new Set(packIds)],
      accountIds: [...new Set(accountIds)],
      theme,
      deleted: false,
    };
    ctx.state.spaces.set(space.id, space);
    return spaceView(ctx, space);
  },

  spaceUpdate(args, ctx) {
    const input = args.input as Input;
    const space = spaceForWrite(ctx, input.id);
    const name = validateSpaceName(input.name, ctx.options.maxSpaceNameLength);
    const storeDown = ctx.faults.config.themeStoreDown === true;
    let nextTheme: SpaceRecord['theme'] = space.theme ? { ...space.theme } : null;
    let newLogo: LogoRecord | undefined;
    if (has(input, 'theme')) {
      if (input.theme === null) {
        // theme: null removes the whole theme (alt text and logo).
        if (space.theme && storeDown) {
          throw domainError(
            'SPACE_THEME_DELETE_ERROR',
            'The Space theme could not be deleted: the store is unavailable',
          );
        }
        nextTheme = null;
      } else {
        const themeInput = input.theme as Input;
        nextTheme = nextTheme ?? { logoAltTxt: null, logoId: null };
        if (has(themeInput, 'logoAltTxt'))
          nextTheme.logoAltTxt = (themeInput.logoAltTxt as string | null) ?? null;
        if (has(themeInput, 'logo')) {
          if (themeInput.logo === null) {
            if (nextTheme.logoId && storeDown) {
              throw domainError(
                'SPACE_LOGO_DELETE_ERROR',
                'The Space logo could not be deleted: the store is unavailable',
              );
            }
            nextTheme.logoId = null;
          } else {
            newLogo = acceptLogo(ctx, themeInput.logo);
            nextTheme.logoId = newLogo.id;
          }
        }
      }
    }
    const oldLogoId = space.theme?.logoId ?? null;
    if (oldLogoId && oldLogoId !== (nextTheme?.logoId ?? null)) ctx.state.logos.delete(oldLogoId);
    if (newLogo) ctx.state.logos.set(newLogo.id, newLogo);
    space.name = name;
    if (has(input, 'description')) space.description = (input.description as string | null) ?? null;
    space.theme = nextTheme;
    // Observed: modifiedDate is refreshed, modifiedByAccountId stays null.
    space.modifiedDate = formatSpaceDate(new Date());
    return spaceView(ctx, space);
  },

  spaceDelete(args, ctx) {
    const space = spaceForWrite(ctx, args.id);
    if (space.theme && ctx.faults.config.themeStoreDown) {
      if (space.theme.logoId) {
        throw domainError(
          'SPACE_LOGO_DELETE_ERROR',
          'The Space logo could not be deleted: the store is unavailable',
        );
      }
      throw domainError(
        'SPACE_THEME_DELETE_ERROR',
        'The Space theme could not be deleted: the store is unavailable',
      );
    }
    if (space.theme?.logoId) ctx.state.logos.delete(space.theme.logoId);
    space.theme = null;
    space.deleted = true;
    for (const [id, details] of ctx.state.oauthDetails) {
      if (details.spaceGuid === space.guid) ctx.state.oauthDetails.delete(id);
    }
    return true;
  },
};
