/**
 * Evidence files of an assessment: a presigned upload under a key the server chose, and a
 * short-lived presigned download. A file counts only once a submitted assessment names it.
 */
import * as z from 'zod';
import { AttachmentDownload, AttachmentUpload, NewAttachment } from '../../../../shared/attachment';
import { restrictedReadActions } from '../../../../shared/audit-actions';
import { malwareFoundAction } from '../../../../shared/malware-scan';
import { evidenceTlp } from '../../../../shared/review';
import { TlpLabel } from '../../../../shared/tlp';
import type { AreaRouter } from '../../areas';
import { presignAttachmentDownload, presignAttachmentUpload } from '../../attachments';
import { auditEvent } from '../../audit';
import { notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { assessable, assessmentParams, checklistRoute, visibleAssessment } from './common';

export const evidenceRoutes = (router: AreaRouter) =>
  router
    .openapi(
      checklistRoute({
        method: 'post',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/evidence',
        summary:
          'Presigned POST for an evidence file (contributors of the organisation), under a key the server chose',
        request: {
          params: assessmentParams,
          body: { required: true, content: { 'application/json': { schema: NewAttachment } } },
        },
        responses: {
          201: json(AttachmentUpload, 'Where and how to upload; name the id in the answer'),
        },
      }),
      async (c) => {
        const { id, v, orgId } = c.req.valid('param');
        const input = c.req.valid('json');
        await assessable(c, { checklistId: id, version: v }, orgId);
        const { files, now } = c.get('deps');
        const evidenceId = c.get('deps').newId();
        // The file counts only once an assessment names it; that submission carries the audit event.
        const upload = await presignAttachmentUpload(
          files,
          'assessments',
          `${id}/${orgId}`,
          evidenceId,
          input,
          now(),
        );
        return c.json(upload, 201);
      },
    )
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists/{id}/versions/{v}/assessments/{orgId}/evidence/{evidenceId}',
        summary:
          'A short-lived presigned GET for evidence (the Commission, the organisation itself, its peer reviewer); audited',
        request: { params: assessmentParams.extend({ evidenceId: z.uuid() }) },
        responses: {
          200: json(AttachmentDownload.extend({ tlp: TlpLabel }), 'Where to download, and the file’s TLP'),
        },
      }),
      async (c) => {
        const { id, v, orgId, evidenceId } = c.req.valid('param');
        const view = await visibleAssessment(c, { checklistId: id, version: v }, orgId);
        const evidence = [view.assessment, ...view.history]
          .flatMap((a) => a?.items ?? [])
          .find((answer) => answer.evidence?.id === evidenceId)?.evidence;
        if (!evidence) throw notFound('evidence');
        const { files, now, directory } = c.get('deps');
        const download = await presignAttachmentDownload(
          files,
          'assessments',
          `${id}/${orgId}`,
          evidence,
          now(),
          () =>
            directory.recordAudit(
              auditEvent(c, malwareFoundAction, { type: 'evidence', id: evidenceId }, orgId, {
                assessment: `${id}/${v}/${orgId}`,
                fileName: evidence.fileName,
              }),
            ),
        );
        // Evidence is TLP:AMBER unless the organisation said otherwise: every download is audited
        // in the organisation's trail before the link is handed out.
        await directory.recordAudit(
          auditEvent(
            c,
            restrictedReadActions.assessmentEvidence,
            { type: 'evidence', id: evidenceId },
            orgId,
            {
              assessment: `${id}/${v}/${orgId}`,
              fileName: evidence.fileName,
              tlp: evidenceTlp,
            },
          ),
        );
        return c.json({ ...download, tlp: evidenceTlp }, 200);
      },
    );
