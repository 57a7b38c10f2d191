/**
 * Top-level folders of the files bucket, one per area that stores files. Object keys are always
 * built by the server under one of these; the `api` Lambda's IAM policy allows reading and
 * writing under exactly these prefixes and nowhere else in the bucket.
 */
export const fileKeyPrefixes = {
  bulletins: 'bulletins/',
  documents: 'documents/',
  assessments: 'assessments/',
} as const;

export type FileArea = keyof typeof fileKeyPrefixes;

/** The object readiness asks about (functions/adapters/readiness.ts); a 404 is an answer too. */
export const readinessProbeKey = `${fileKeyPrefixes.bulletins}readiness-probe`;

/**
 * The folder of the audit bucket (Object Lock) where the audit archive job copies each audit
 * event; the job's IAM policy allows writing there and nowhere else.
 */
export const auditArchivePrefix = 'audit/';
