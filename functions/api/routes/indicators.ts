import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { restrictedReadActions } from '../../../shared/audit';
import {
  IndicatorHistory,
  IndicatorReport,
  IndicatorReportInput,
  nextReport,
  Quarter,
  reportFor,
  requireReportable,
  strictestRestricted,
} from '../../../shared/indicators';
import { OrganisationId } from '../../../shared/organisation';
import { isRestricted } from '../../../shared/tlp';
import { auditRestrictedRead } from '../addressing';
import { auditEvent } from '../audit';
import { auditFiguresShown } from '../figure-reads';
import { ifMatchHeaders, revisionNamed } from '../headers';
import { notFound } from '../problems';
import { bearerSecurity, jsonResponse as json, newRouter, problemResponses } from '../router';
import { etag } from '../shared-items';
import { viewerOrganisation } from '../viewer';

const params = z.object({ id: OrganisationId, quarter: Quarter });

/**
 * Port security indicators (docs/waterbed.md): an organisation's contributors report a quarter's
 * figures, each under its own label; anyone reads them, seeing only the figures their label allows.
 */
export const indicatorRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/organisations/{id}/indicators/{quarter}',
      tags: ['indicators'],
      summary:
        "Report (or correct) a quarter's figures, any subset of the nine, each with its TLP label (the organisation's contributors)",
      security: bearerSecurity,
      request: {
        params,
        headers: ifMatchHeaders,
        body: { required: true, content: { 'application/json': { schema: IndicatorReportInput } } },
      },
      responses: {
        200: json(IndicatorReport, 'The report as stored (a correction keeps the earlier one)'),
        409: { description: 'The organisation reports no port (no UN/LOCODE)' },
        412: { description: 'If-Match names a revision that is no longer current' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, quarter } = c.req.valid('param');
      const input = c.req.valid('json');
      const viewer = c.get('viewer');
      const { directory, waterbed, now } = c.get('deps');
      const at = now();
      requireReportable(viewer, id, quarter, at);
      const [organisation, current] = await Promise.all([
        directory.getOrganisation(id),
        waterbed.getReport(id, quarter),
      ]);
      if (!organisation) throw notFound('organisation');
      const report = nextReport(organisation, quarter, input, current, {
        viewer,
        at,
        expectedRevision: revisionNamed(c.req.valid('header')['if-match']),
      });
      await waterbed.saveReport(
        report,
        current?.revision ?? 0,
        auditEvent(
          c,
          current ? 'indicators.corrected' : 'indicators.reported',
          { type: 'indicators', id: `${id}/${quarter}` },
          id,
          {
            quarter,
            revision: report.revision,
            figures: Object.keys(input.figures),
          },
        ),
      );
      return c.json(report, 200, { etag: etag(report) });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations/{id}/indicators/{quarter}',
      tags: ['indicators'],
      summary: "A quarter's figures, those the viewer's organisation may see",
      security: bearerSecurity,
      request: { params },
      responses: { 200: json(IndicatorReport, 'The report'), ...problemResponses },
    }),
    async (c) => {
      const { id, quarter } = c.req.valid('param');
      const [report, own] = await Promise.all([
        c.get('deps').waterbed.getReport(id, quarter),
        viewerOrganisation(c),
      ]);
      if (!report) throw notFound('report of that quarter');
      const shown = reportFor(c.get('viewer'), own.kind, report);
      // A read of AMBER figures is audited in the reporting organisation's trail, as a bulletin's.
      const tlp = strictestRestricted(Object.values(shown.figures).map((f) => f.tlp));
      if (tlp)
        await auditRestrictedRead(
          c,
          { tlp, authorOrganisationId: id },
          { type: 'indicators', id: `${id}/${quarter}` },
          restrictedReadActions.indicators,
          (event) => c.get('deps').waterbed.recordAudit(event),
        );
      return c.json(shown, 200, { etag: etag(report) });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/organisations/{id}/indicators',
      tags: ['indicators'],
      summary: 'Every quarter reported and every correction (who, when), with the figures the viewer may see',
      security: bearerSecurity,
      request: { params: z.object({ id: OrganisationId }) },
      responses: { 200: json(IndicatorHistory, 'The history'), ...problemResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [history, own] = await Promise.all([
        c.get('deps').waterbed.reportHistory(id),
        viewerOrganisation(c),
      ]);
      const viewer = c.get('viewer');
      const quarters = history.current
        .sort((a, b) => b.quarter.localeCompare(a.quarter))
        .map((r) => reportFor(viewer, own.kind, r));
      const corrections = history.versions.map((r) => reportFor(viewer, own.kind, r));
      await auditFiguresShown(
        c,
        [...quarters, ...corrections].flatMap((r) =>
          Object.values(r.figures)
            .filter((f) => isRestricted(f.tlp))
            .map((f) => ({ organisationId: id, quarter: r.quarter, tlp: f.tlp })),
        ),
        restrictedReadActions.indicators,
      );
      return c.json({ organisationId: id, quarters, corrections }, 200);
    },
  );
