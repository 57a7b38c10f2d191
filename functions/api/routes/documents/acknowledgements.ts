import { type OrganisationAcknowledgement, receiptsOf } from '../../../../shared/acknowledgement';
import { restrictedReadActions } from '../../../../shared/audit';
import {
  type Attestation,
  Attestation as AttestationSchema,
  attestationOf,
  DocumentReceipts,
  NewAttestation,
} from '../../../../shared/document';
import { canReadReceipts } from '../../../../shared/permissions';
import { idempotencyHeaders } from '../../headers';
import { forbidden } from '../../problems';
import { jsonResponse as json, newRouter, problemResponses } from '../../router';
import { auditItemRead, itemEvent, itemRoute, optionalBody, retryOf } from '../../shared-items';
import { documentKind, idParams, visibleDocument, visibleDocumentRecord } from './common';

/** The latest attestation per organisation, as the shared receipt table reads acknowledgements. */
function latestAcknowledgements(attestations: readonly Attestation[]): OrganisationAcknowledgement[] {
  const latest = new Map<string, Attestation>();
  for (const a of attestations) {
    const seen = latest.get(a.organisationId);
    if (!seen || a.round > seen.round || (a.round === seen.round && a.attestedAt > seen.attestedAt)) {
      latest.set(a.organisationId, a);
    }
  }
  return [...latest.values()].map((a) => ({
    organisationId: a.organisationId,
    round: a.round,
    acknowledgedAt: a.attestedAt,
    acknowledgedBy: { memberId: a.memberId, email: a.email },
  }));
}

/** Attestations: a recipient organisation's acknowledgement of exactly one version and file. */
export const documentAcknowledgementRoutes = newRouter()
  .openapi(
    itemRoute(documentKind, {
      method: 'post',
      path: '/api/v1/documents/{id}/acknowledgements',
      summary:
        'Acknowledge (attest) the current version on behalf of the organisation (recipient contributor); keeps member, organisation, time, version and the file’s SHA-256',
      request: {
        params: idParams,
        headers: idempotencyHeaders,
        body: { required: false, content: { 'application/json': { schema: NewAttestation } } },
      },
      responses: {
        200: json(AttestationSchema, 'The attestation (acknowledging twice changes nothing)'),
        409: { description: 'Not published, or the version is superseded' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = optionalBody(c, () => c.req.valid('json'), NewAttestation);
      const { documents, idempotency, now } = c.get('deps');
      const viewer = c.get('viewer');
      const retry = retryOf(c, 'document.attest', c.req.valid('header')['idempotency-key']);
      const attested = await idempotency.once(retry, { id, ...input }, async () => {
        const document = await visibleDocument(c, id);
        const attestation = attestationOf(document, viewer, input.version, now());
        const recorded = await documents.attest(
          document,
          attestation,
          itemEvent(c, documentKind, id, 'acknowledged', {
            version: attestation.version,
            sha256: attestation.sha256,
            round: attestation.round,
          }),
        );
        if (recorded) return attestation;
        // Attested already (a retry, or a colleague first): the earlier attestation stands.
        const record = await documents.getRecord(id);
        const earlier = record?.attestations.find(
          (a) => a.organisationId === viewer.organisationId && a.version === attestation.version,
        );
        return earlier ?? attestation;
      });
      return c.json(attested, 200);
    },
  )
  .openapi(
    itemRoute(documentKind, {
      method: 'get',
      path: '/api/v1/documents/{id}/acknowledgements',
      summary:
        'Attestations (publishing organisation): who acknowledged which version and file, who has not, who is overdue',
      request: { params: idParams },
      responses: {
        200: json(DocumentReceipts, 'The receipts'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const record = await visibleDocumentRecord(c, c.req.valid('param').id);
      const d = record.document;
      if (!canReadReceipts(c.get('viewer'), d))
        throw forbidden('Attestations are for the publishing organisation.');
      await auditItemRead(c, documentKind, d, restrictedReadActions.documentAttestations);
      const receipts = receiptsOf({
        recipientOrganisations: d.recipients.organisations,
        requiresAcknowledgement: d.requiresAcknowledgement,
        acknowledgeBy: d.acknowledgeBy,
        round: d.acknowledgementRound,
        acknowledgements: latestAcknowledgements(record.attestations),
        reads: [],
        now: c.get('deps').now(),
      });
      const attestations = [...record.attestations].sort((a, b) => b.attestedAt.localeCompare(a.attestedAt));
      return c.json({ ...receipts, attestations }, 200);
    },
  );
