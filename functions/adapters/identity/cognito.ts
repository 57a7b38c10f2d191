import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../../../shared/organisation';
import type { IdentityDirectory } from '../../ports';

/**
 * Members in AWS are Cognito users: the organisation rides in `custom:org` (which app clients
 * cannot write) and the role is a group. Cognito mails the invitation with a temporary password.
 */
export class CognitoIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly cognito: Pick<CognitoIdentityProviderClient, 'send'>,
    private readonly userPoolId: string,
  ) {}

  async createUser(input: { email: string; name: string; organisationId: string; role: Role }) {
    const { User } = await this.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: input.email,
        UserAttributes: [
          { Name: 'email', Value: input.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: input.name },
          { Name: 'custom:org', Value: input.organisationId },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    const memberId = User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    if (!memberId) throw new Error('Cognito created a user without a sub');
    await this.cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: this.userPoolId,
        Username: input.email,
        GroupName: input.role,
      }),
    );
    return { memberId };
  }

  async deleteUser(input: { memberId: string; email: string }) {
    await this.cognito.send(
      new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: input.email }),
    );
  }

  /**
   * Disabled users cannot sign in; the global sign-out revokes their refresh tokens so no new ID
   * token is minted. Tokens already issued stay valid at Cognito until they expire, which is why
   * the API checks the member's status itself (functions/api/member-access.ts).
   */
  async suspendUser(input: { email: string }) {
    const user = { UserPoolId: this.userPoolId, Username: input.email };
    await this.cognito.send(new AdminDisableUserCommand(user));
    await this.cognito.send(new AdminUserGlobalSignOutCommand(user));
  }

  async reinstateUser(input: { email: string }) {
    await this.cognito.send(
      new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: input.email }),
    );
  }

  /** Into the new role's group first: the member is never in no role group at all. */
  async changeRole(input: { email: string; from: Role; to: Role }) {
    if (input.from === input.to) return;
    const user = { UserPoolId: this.userPoolId, Username: input.email };
    await this.cognito.send(new AdminAddUserToGroupCommand({ ...user, GroupName: input.to }));
    await this.cognito.send(new AdminRemoveUserFromGroupCommand({ ...user, GroupName: input.from }));
  }
}
