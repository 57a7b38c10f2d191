/**
 * Creates the first Commission org_admin of a fresh deployment (see infra/first-admin.ts);
 * everyone else is then invited from the portal.
 *
 *   npx tsx infra/scripts/first-admin.ts --region eu-west-1 --user-pool-id <UserPoolId> \
 *     --table <TableName> --email clara@ec.europa.eu --name "Clara Dubois"
 *
 * UserPoolId and TableName are outputs of the AlliancePortal stack. Uses the caller's AWS
 * credentials (cognito-idp:AdminCreateUser, AdminAddUserToGroup, AdminDeleteUser on the pool;
 * dynamodb:GetItem, PutItem, ConditionCheckItem on the table).
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store';
import { CognitoIdentityDirectory } from '../../functions/adapters/identity/cognito';
import { Email } from '../../shared';
import { createFirstAdmin } from '../first-admin';

const { values } = parseArgs({
  options: {
    region: { type: 'string' },
    'user-pool-id': { type: 'string' },
    table: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'organisation-name': { type: 'string', default: 'European Commission (DG HOME)' },
    country: { type: 'string', default: 'BE' },
  },
});
const missing = ['region', 'user-pool-id', 'table', 'email', 'name'].filter(
  (key) => !values[key as keyof typeof values],
);
if (missing.length > 0) {
  console.error(`Missing --${missing.join(', --')}. See the comment at the top of this script.`);
  process.exit(2);
}
const region = values.region!;
const { member, createdOrganisation } = await createFirstAdmin(
  new DynamoDirectoryStore(createDocumentClient({ region }), values.table!),
  new CognitoIdentityDirectory(new CognitoIdentityProviderClient({ region }), values['user-pool-id']!),
  {
    email: Email.parse(values.email),
    name: values.name!,
    organisationName: values['organisation-name']!,
    country: values.country!,
  },
);
if (createdOrganisation) console.log(`Created the organisation "${values['organisation-name']}".`);
console.log(`Invited ${member.email} as the Commission's org_admin; Cognito mails a temporary password.`);
