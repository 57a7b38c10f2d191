/** Cognito behind the identity directory port, loaded by the api Lambda on first use (lambda.ts). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityDirectory } from '../../adapters/identity/cognito';

export const cognitoIdentityDirectory = (userPoolId: string) =>
  new CognitoIdentityDirectory(new CognitoIdentityProviderClient({}), userPoolId);
