import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityDirectory } from '../../functions/adapters/identity/cognito';

/** Records what would go to Cognito and answers AdminCreateUser like Cognito does (with a `sub`). */
function recordingCognito(sub: string | null = '5f1c2a3b-0000-4000-8000-000000000001') {
  const sent: { name: string; input: any }[] = [];
  return {
    sent,
    send: async (command: any) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command instanceof AdminCreateUserCommand) {
        return {
          User: { Username: command.input.Username, Attributes: sub ? [{ Name: 'sub', Value: sub }] : [] },
        };
      }
      return {};
    },
  };
}

const invitation = {
  email: 'nora@rotterdam.example',
  name: 'Nora Visser',
  organisationId: 'rotterdam',
  role: 'contributor' as const,
};

describe('CognitoIdentityDirectory', () => {
  it('creates the user with custom:org and mails the invitation, then adds the role group', async () => {
    const cognito = recordingCognito();
    const directory = new CognitoIdentityDirectory(cognito as never, 'eu-west-1_Pool123');

    const { memberId } = await directory.createUser(invitation);

    expect(memberId).toBe('5f1c2a3b-0000-4000-8000-000000000001');
    expect(cognito.sent.map((c) => c.name)).toEqual([
      AdminCreateUserCommand.name,
      AdminAddUserToGroupCommand.name,
    ]);
    const [create, group] = cognito.sent;
    expect(create!.input).toEqual({
      UserPoolId: 'eu-west-1_Pool123',
      Username: 'nora@rotterdam.example',
      UserAttributes: expect.arrayContaining([
        { Name: 'email', Value: 'nora@rotterdam.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Nora Visser' },
        { Name: 'custom:org', Value: 'rotterdam' },
      ]),
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(create!.input.UserAttributes).toHaveLength(4);
    expect(create!.input.MessageAction).toBeUndefined();
    expect(group!.input).toEqual({
      UserPoolId: 'eu-west-1_Pool123',
      Username: 'nora@rotterdam.example',
      GroupName: 'contributor',
    });
  });

  it('names the group after the role, for every role', async () => {
    for (const role of ['reader', 'contributor', 'org_admin'] as const) {
      const cognito = recordingCognito();
      await new CognitoIdentityDirectory(cognito as never, 'pool').createUser({ ...invitation, role });
      expect(cognito.sent[1]!.input.GroupName).toBe(role);
    }
  });

  it('refuses a created user without a sub and adds no group', async () => {
    const cognito = recordingCognito(null);
    const directory = new CognitoIdentityDirectory(cognito as never, 'pool');
    await expect(directory.createUser(invitation)).rejects.toThrow(/sub/);
    expect(cognito.sent.map((c) => c.name)).toEqual([AdminCreateUserCommand.name]);
  });

  it('deletes the user by e-mail in the same pool', async () => {
    const cognito = recordingCognito();
    await new CognitoIdentityDirectory(cognito as never, 'eu-west-1_Pool123').deleteUser({
      memberId: 'whatever',
      email: 'nora@rotterdam.example',
    });
    expect(cognito.sent).toEqual([
      {
        name: AdminDeleteUserCommand.name,
        input: { UserPoolId: 'eu-west-1_Pool123', Username: 'nora@rotterdam.example' },
      },
    ]);
  });

  it('suspends by disabling the user, then signing them out everywhere (refresh tokens revoked)', async () => {
    const cognito = recordingCognito();
    await new CognitoIdentityDirectory(cognito as never, 'eu-west-1_Pool123').suspendUser({
      email: 'nora@rotterdam.example',
    });
    const user = { UserPoolId: 'eu-west-1_Pool123', Username: 'nora@rotterdam.example' };
    expect(cognito.sent).toEqual([
      { name: AdminDisableUserCommand.name, input: user },
      { name: AdminUserGlobalSignOutCommand.name, input: user },
    ]);
  });

  it('reinstates by enabling the user', async () => {
    const cognito = recordingCognito();
    await new CognitoIdentityDirectory(cognito as never, 'eu-west-1_Pool123').reinstateUser({
      email: 'nora@rotterdam.example',
    });
    expect(cognito.sent).toEqual([
      {
        name: AdminEnableUserCommand.name,
        input: { UserPoolId: 'eu-west-1_Pool123', Username: 'nora@rotterdam.example' },
      },
    ]);
  });

  it('changes the role by adding the new group before removing the old one, and does nothing for the same role', async () => {
    const cognito = recordingCognito();
    const directory = new CognitoIdentityDirectory(cognito as never, 'eu-west-1_Pool123');
    await directory.changeRole({ email: 'nora@rotterdam.example', from: 'contributor', to: 'org_admin' });
    const user = { UserPoolId: 'eu-west-1_Pool123', Username: 'nora@rotterdam.example' };
    expect(cognito.sent).toEqual([
      { name: AdminAddUserToGroupCommand.name, input: { ...user, GroupName: 'org_admin' } },
      { name: AdminRemoveUserFromGroupCommand.name, input: { ...user, GroupName: 'contributor' } },
    ]);
    await directory.changeRole({ email: 'nora@rotterdam.example', from: 'reader', to: 'reader' });
    expect(cognito.sent).toHaveLength(2);
  });
});
