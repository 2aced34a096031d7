import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { codes, gql, MEMBER_USER, mint, OTHER_USER, useSimulator } from './sim-client.ts';

const LISTING_FIELDS = `numberOfResults currentPageSize spaceArtifactsData { id spaceId
  spaceArtifact { spaceArtifactType spaceArtifactId } spaceArtifactListingMetaData { catalogArtifactMetaData }
  submissionStatus { __typename ... on ArtifactSubmissionStatus { spaceArtifactStatus } }
  tags { id name } publisher { id name } topics { id } createdDate lastModifiedDate modifiedByUserId }`;

describe('listings and reference accounts', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({ resetEach: true }, (started) => {
    ({ sim, token } = started);
  });

  const listings = (input: string) =>
    gql(sim, token, `{ spaceArtifactListings(input: { ${input} }) { ${LISTING_FIELDS} } }`);
  const space0 = SEED.demoLiveSpaceIds[0] as string;

  it('spaceArtifactListings lists INTEGRATION_PACK listings, Submissions when the type is omitted', async () => {
    const ip = await listings(`spaceId: "${space0}", spaceArtifactListingType: INTEGRATION_PACK`);
    const result = ip.body.data.spaceArtifactListings;
    expect(result.numberOfResults).toBe(result.spaceArtifactsData.length);
    expect(result.numberOfResults).toBe(2);
    expect(result.spaceArtifactsData[0].submissionStatus.__typename).toBe('ArtifactSubmissionStatus');
    const submissions = await listings(`spaceId: "${space0}"`);
    expect(
      submissions.body.data.spaceArtifactListings.spaceArtifactsData.map(
        (l: { submissionStatus: { spaceArtifactStatus: string } }) => l.submissionStatus.spaceArtifactStatus,
      ),
    ).toEqual(['SUBMITTED']);
  });

  it('by ids: selected listings; an id of another Space → ARTIFACT_NOT_IN_SPACE', async () => {
    const all = await listings(`spaceId: "${space0}", spaceArtifactListingType: INTEGRATION_PACK`);
    const first = all.body.data.spaceArtifactListings.spaceArtifactsData[0].id;
    const byId = await gql(
      sim,
      token,
      `query($spaceId: ID!, $listingIds: [ID!], $t: SpaceArtifactListingTypeEnum) { spaceArtifactListings(input: { spaceId: $spaceId, spaceArtifactListingIds: $listingIds, spaceArtifactListingType: $t }) { numberOfResults currentPageSize spaceArtifactsData { id } } }`,
      { spaceId: space0, listingIds: [first], t: 'INTEGRATION_PACK' },
    );
    expect(byId.body.data.spaceArtifactListings).toEqual({
      numberOfResults: 2,
      currentPageSize: 1,
      spaceArtifactsData: [{ id: first }],
    });
    const other = await listings(
      `spaceId: "${SEED.demoLiveSpaceIds[1]}", spaceArtifactListingType: INTEGRATION_PACK`,
    );
    const foreignId = other.body.data.spaceArtifactListings.spaceArtifactsData[0].id;
    expect(
      codes(
        await listings(
          `spaceId: "${space0}", spaceArtifactListingIds: ["${foreignId}"], spaceArtifactListingType: INTEGRATION_PACK`,
        ),
      ),
    ).toEqual(['ARTIFACT_NOT_IN_SPACE']);
  });

  it.each([
    ['missing', '', 'MISSING_SPACE_ID'],
    ['unknown', 'nope', 'SPACE_NOT_FOUND'],
    ['deleted', SEED.deletedSpaceId, 'SPACE_IS_DELETED'],
    ['foreign', SEED.otherAccountSpaceId, 'UNAUTHORIZED'],
  ])('spaceArtifactListings with a %s spaceId → %s', async (_label, id, code) => {
    expect(codes(await listings(`spaceId: "${id}"`))).toEqual([code]);
  });

  it('spaceArtifactListingDelete deletes once; in-review → ARTIFACT_DELETE_ERROR; foreign → UNAUTHORIZED', async () => {
    const all = await listings(`spaceId: "${space0}", spaceArtifactListingType: INTEGRATION_PACK`);
    const data = all.body.data.spaceArtifactListings.spaceArtifactsData as Array<{
      id: string;
      submissionStatus: { spaceArtifactStatus: string };
    }>;
    const published = data.find((l) => l.submissionStatus.spaceArtifactStatus === 'PUBLISHED')?.id;
    const inReview = data.find((l) => l.submissionStatus.spaceArtifactStatus === 'IN_REVIEW')?.id;
    const del = (id: string | undefined) =>
      gql(
        sim,
        token,
        'mutation($id: ID!, $t: SpaceArtifactListingTypeEnum!) { spaceArtifactListingDelete(id: $id, spaceArtifactListingType: $t) }',
        { id, t: 'INTEGRATION_PACK' },
      );
    expect((await del(published)).body).toEqual({ data: { spaceArtifactListingDelete: true } });
    expect(codes(await del(published))).toEqual(['ARTIFACT_NOT_IN_SPACE']);
    expect(codes(await del(inReview))).toEqual(['ARTIFACT_DELETE_ERROR']);
    const other = await mint(sim, OTHER_USER, SEED.otherAccountId);
    const foreign = await gql(
      sim,
      other,
      `{ spaceArtifactListings(input: { spaceId: "${SEED.otherAccountSpaceId}", spaceArtifactListingType: INTEGRATION_PACK }) { spaceArtifactsData { id } } }`,
    );
    expect(codes(await del(foreign.body.data.spaceArtifactListings.spaceArtifactsData[0].id))).toEqual([
      'UNAUTHORIZED',
    ]);
    const member = await mint(sim, MEMBER_USER, SEED.memberAccountId);
    const memberDelete = await gql(
      sim,
      member,
      `mutation { spaceArtifactListingDelete(id: "${inReview}", spaceArtifactListingType: INTEGRATION_PACK) }`,
    );
    expect(codes(memberDelete)).toEqual(['UNAUTHORIZED']);
    expect(sim.stats().mutations).toHaveLength(1);
  });

  it('referenceAccountsByGroupId lists a group accounts with search; errors for missing/unknown/foreign group', async () => {
    const group = SEED.freeAccountGroupIds[0] as string;
    const all = await gql(sim, token, `{ referenceAccountsByGroupId(groupId: "${group}") { id name } }`);
    const accounts = all.body.data.referenceAccountsByGroupId as Array<{ id: string; name: string }>;
    expect(accounts.map((a) => a.id)).toContain(SEED.demoAccountId);
    const search = await gql(
      sim,
      token,
      `{ referenceAccountsByGroupId(groupId: "${group}", accountSearch: { searchStringOperator: STARTSWITH, argument: "demo account" }) { id } }`,
    );
    expect(search.body.data.referenceAccountsByGroupId.map((a: { id: string }) => a.id)).toContain(
      SEED.demoAccountId,
    );
    expect(codes(await gql(sim, token, '{ referenceAccountsByGroupId(groupId: "") { id } }'))).toEqual([
      'MISSING_ACCT_GRP_ID',
    ]);
    expect(codes(await gql(sim, token, '{ referenceAccountsByGroupId(groupId: "nope") { id } }'))).toEqual([
      'PLATFORM_CALL_ERROR',
    ]);
    const other = await mint(sim, OTHER_USER, SEED.otherAccountId);
    expect(
      codes(await gql(sim, other, `{ referenceAccountsByGroupId(groupId: "${group}") { id } }`)),
    ).toEqual(['UNAUTHORIZED']);
  });
});
