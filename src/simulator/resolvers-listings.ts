/** Root resolvers of the Space artifact listing metadata. */
import { callerAccount, canSeeSpace } from './access.ts';
import { domainError } from './error-codes.ts';
import type { RootResolvers } from './root-types.ts';
import { listingView } from './views.ts';

type Input = Record<string, unknown>;

/** Listing query resolvers. */
export const listingQueries: RootResolvers = {
  spaceArtifactListings(args, ctx) {
    const input = args.input as Input;
    const spaceId = input.spaceId as string;
    if (spaceId.trim() === '') throw domainError('MISSING_SPACE_ID', 'input.spaceId is required');
    const space = ctx.state.spaces.get(spaceId);
    if (!space) throw domainError('SPACE_NOT_FOUND', `No Space exists for id ${spaceId}`);
    if (space.deleted) throw domainError('SPACE_IS_DELETED', `The Space ${spaceId} has been deleted`);
    if (!canSeeSpace(space, callerAccount(ctx))) {
      throw domainError('UNAUTHORIZED', `The calling account may not access the Space ${spaceId}`);
    }
    // Type omitted = the Submissions listing.
    const type = (input.spaceArtifactListingType as string | null | undefined) ?? null;
    const all = [...ctx.state.listings.values()].filter(
      (l) => l.spaceId === space.id && l.listingType === type,
    );
    const ids = input.spaceArtifactListingIds as string[] | null | undefined;
    let selected = all;
    if (ids) {
      selected = ids.map((id) => {
        const listing = all.find((l) => l.id === id);
        if (!listing)
          throw domainError('ARTIFACT_NOT_IN_SPACE', `Listing ${id} does not belong to the Space ${spaceId}`);
        return listing;
      });
    }
    return {
      numberOfResults: all.length,
      currentPageSize: selected.length,
      spaceArtifactsData: selected.map(listingView),
    };
  },
};

/** Listing mutation resolvers. */
export const listingMutations: RootResolvers = {
  spaceArtifactListingDelete(args, ctx) {
    const id = args.id as string;
    const listing = ctx.state.listings.get(id);
    if (!listing || listing.listingType !== args.spaceArtifactListingType) {
      throw domainError(
        'ARTIFACT_NOT_IN_SPACE',
        `No ${String(args.spaceArtifactListingType)} listing ${id} exists`,
      );
    }
    const space = ctx.state.spaces.get(listing.spaceId);
    if (!space || space.createdByAccountId !== callerAccount(ctx)) {
      throw domainError('UNAUTHORIZED', `Only the account that owns the Space may delete listing ${id}`);
    }
    if (space.deleted) throw domainError('SPACE_IS_DELETED', `The Space ${space.id} has been deleted`);
    if (listing.status === 'IN_REVIEW') {
      throw domainError('ARTIFACT_DELETE_ERROR', `Listing ${id} is in review and cannot be deleted`);
    }
    ctx.state.listings.delete(id);
    return true;
  },
};
