/**
 * Headers CloudFront adds to every request it sends the API (infra/constructs/web.ts), each named
 * once: the Lambda handler refuses requests without the origin secret (functions/api/origin.ts),
 * and the audit trail reads the viewer's address only from requests that carried it.
 */
export const edgeHeaders = {
  /** A secret only CloudFront knows: requests straight to the execute-api endpoint lack it. */
  originVerify: 'x-alliance-origin-verify',
  /** The viewer's IP address as CloudFront saw it, set (never passed through) by a CloudFront Function. */
  viewerAddress: 'x-alliance-viewer-address',
} as const;
