/** Root resolvers of the persisted OAuth connector details (SG). */
import { callerAccount, scopedSpace, visibleInstance } from './access.ts';
import type { SimContext } from './context.ts';
import { domainError } from './error-codes.ts';
import { parseJsonObject } from './json-merge.ts';
import type { SpaceRecord } from './model.ts';
import type { RootResolvers } from './root-types.ts';
import { oauthView } from './views.ts';

type Input = Record<string, unknown>;

/** Common checks: catalogGuid must be the SPACE_GUID Space; the instance must be visible in it. */
function checkKeys(ctx: SimContext, operation: string, input: Input): SpaceRecord {
  const space = scopedSpace(ctx, operation);
  if (input.catalogGuid !== space.guid) {
    throw domainError(
      'UNAUTHORIZED',
      'catalogGuid must be the guid of the Space named by the SPACE_GUID header',
    );
  }
  visibleInstance(ctx, space, input.integrationPackInstanceId);
  return space;
}

function findDetails(ctx: SimContext, space: SpaceRecord, input: Input) {
  return [...ctx.state.oauthDetails.values()].find(
    (d) =>
      d.spaceGuid === space.guid &&
      d.integrationPackInstanceId === input.integrationPackInstanceId &&
      d.envId === input.envId &&
      d.processId === input.processId &&
      d.connectionId === input.connectionId,
  );
}

/** OAuth query resolvers. */
export const oauthQueries: RootResolvers = {
  IPackInstanceOAuthConnectorDetails(args, ctx) {
    const input = args.input as Input;
    const space = checkKeys(ctx, 'IPackInstanceOAuthConnectorDetails', input);
    const details = findDetails(ctx, space, input);
    // Nothing persisted yet for these keys → null (not an error).
    return details ? oauthView(details) : null;
  },
};

/** OAuth mutation resolvers. */
export const oauthMutations: RootResolvers = {
  saveIPackInstanceOauthConnectorDetails(args, ctx) {
    const input = args.input as Input;
    const space = checkKeys(ctx, 'saveIPackInstanceOauthConnectorDetails', input);
    const env = ctx.state.environments.get(input.envId as string);
    if (!env || env.accountId !== callerAccount(ctx)) {
      throw domainError('PLATFORM_CALL_ERROR', `Environment ${String(input.envId)} was not found`);
    }
    const process = ctx.state.processes.get(input.processId as string);
    if (!process || process.instanceId !== input.integrationPackInstanceId) {
      throw domainError(
        'PLATFORM_CALL_ERROR',
        `Process ${String(input.processId)} is not part of the instance`,
      );
    }
    if (!parseJsonObject(input.oauthConnectorDetails)) {
      throw domainError('PLATFORM_CALL_ERROR', 'oauthConnectorDetails must be a JSON object');
    }
    const existing = findDetails(ctx, space, input);
    const record = existing ?? {
      id: ctx.state.rng.uuid(),
      spaceGuid: space.guid,
      integrationPackInstanceId: input.integrationPackInstanceId as string,
      envId: env.id,
      processId: process.id,
      connectionId: input.connectionId as string,
      isTokenGenerated: false,
      oauthConnectorDetails: '',
      clientId: '',
      clientSecret: '',
    };
    record.isTokenGenerated = input.isTokenGenerated === true;
    record.oauthConnectorDetails = input.oauthConnectorDetails as string;
    record.clientId = input.clientId as string;
    // Documented: a dummy value is stored instead of the real client secret.
    record.clientSecret = '********';
    ctx.state.oauthDetails.set(record.id, record);
    return oauthView(record);
  },
};
