import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
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
}
