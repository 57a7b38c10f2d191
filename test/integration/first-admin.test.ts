import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { CognitoIdentityDirectory } from '../../functions/adapters/identity/cognito';
import { localCredentials, localRegion } from '../../functions/local/dynamodb-local';
import { auditMonthQuery, ConflictError } from '../../functions/ports';
import { commissionId, createFirstAdmin } from '../../infra/first-admin';
import { fileDynamoEndpoint } from '../support/file-dynamo';

/** Cognito as far as the identity directory sees it: records requests, answers with a sub. */
function recordingCognito() {
  const sent: { name: string; input: any }[] = [];
  const subs: string[] = [];
  return {
    sent,
    subs,
    send: async (command: any) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name === 'AdminCreateUserCommand') {
        subs.push(randomUUID());
        return { User: { Attributes: [{ Name: 'sub', Value: subs.at(-1) }] } };
      }
      return {};
    },
  };
}

let directory: DynamoDirectoryStore;

beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint: await fileDynamoEndpoint(),
    region: localRegion,
    credentials: localCredentials,
  });
  const tableName = `first-admin-${Date.now()}`;
  await ensureTable(client, tableName);
  directory = new DynamoDirectoryStore(DynamoDBDocumentClient.from(client), tableName);
});

const admin = {
  email: 'clara@commission.example',
  name: 'Clara Dubois',
  organisationName: 'European Commission (DG HOME)',
  country: 'BE',
};

describe('the first Commission admin of a deployment', () => {
  it('creates the Commission, the Cognito org_admin and the member, with audit events', async () => {
    const cognito = recordingCognito();
    const now = new Date('2026-11-01T09:00:00.000Z');
    const { member, createdOrganisation } = await createFirstAdmin(
      directory,
      new CognitoIdentityDirectory(cognito as never, 'eu-west-1_pool'),
      admin,
      now,
    );

    expect(createdOrganisation).toBe(true);
    expect(await directory.getOrganisation(commissionId)).toMatchObject({
      kind: 'commission',
      country: 'BE',
    });
    expect(member).toMatchObject({ id: cognito.subs[0], organisationId: commissionId, role: 'org_admin' });
    expect(await directory.findMemberByEmail(admin.email)).toMatchObject({
      id: member.id,
      role: 'org_admin',
    });
    expect(cognito.sent.map((c) => [c.name, c.input.GroupName])).toEqual([
      ['AdminCreateUserCommand', undefined],
      ['AdminAddUserToGroupCommand', 'org_admin'],
    ]);
    expect(cognito.sent[0]!.input.UserAttributes).toContainEqual({ Name: 'custom:org', Value: commissionId });
    const trail = await directory.listAudit(commissionId, auditMonthQuery('2026-11'), { limit: 10 });
    expect(trail.items.map((e) => e.action).sort()).toEqual(['member.invited', 'organisation.created']);
  });

  it('keeps an existing Commission when a second admin is made', async () => {
    const { createdOrganisation, member } = await createFirstAdmin(
      directory,
      new CognitoIdentityDirectory(recordingCognito() as never, 'eu-west-1_pool'),
      { ...admin, email: 'carla@commission.example', organisationName: 'Renamed' },
    );
    expect(createdOrganisation).toBe(false);
    expect(member.email).toBe('carla@commission.example');
    expect((await directory.getOrganisation(commissionId))?.name).toBe(admin.organisationName);
  });

  it('removes the Cognito user again when the e-mail belongs to a member already', async () => {
    const cognito = recordingCognito();
    await expect(
      createFirstAdmin(directory, new CognitoIdentityDirectory(cognito as never, 'eu-west-1_pool'), admin),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(cognito.sent.map((c) => c.name)).toEqual([
      'AdminCreateUserCommand',
      'AdminAddUserToGroupCommand',
      'AdminDeleteUserCommand',
    ]);
    expect(cognito.sent[2]!.input).toEqual({ UserPoolId: 'eu-west-1_pool', Username: admin.email });
  });
});
