import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type AuditEvent,
  type Document,
  type DocumentFile,
  documentSummaryOf,
  draftFields,
  fileKeyPrefixes,
  NewDocument,
} from '../../shared';
import type { DocumentClient } from '../adapters/dynamodb/client';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import type { StoredVersion } from '../ports';
import { demoAlliance, demoMemberId } from './demo-alliance';
import { scanLikeGuardDuty } from './malware-scan';

/** Where seeded files go: the local files bucket, written directly (the seed runs beside s3rver). */
export interface DemoFiles {
  s3: S3Client;
  bucket: string;
}

/**
 * A one-page PDF that says `lines`: small, but a real file any viewer opens, so a newcomer's
 * first download shows what the portal does.
 */
export function onePagePdf(lines: readonly string[]): Uint8Array {
  const pdfString = (text: string) =>
    text.replace(/[\\()]/g, (ch) => `\\${ch}`).replace(/[^\x20-\x7e]/g, '?');
  const text = lines.map(
    (line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${760 - i * 22} Td (${pdfString(line)}) Tj ET`,
  );
  const stream = text.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

interface DemoDocument {
  author: string;
  hoursAgo: number;
  /** 0 = due in the past (overdue), otherwise days from now. */
  dueInDays?: number;
  fields: Omit<
    NewDocument,
    'file' | 'acknowledgeBy' | 'requiresAcknowledgement' | 'recipients' | 'tags' | 'areas'
  > &
    Partial<Pick<NewDocument, 'recipients' | 'tags' | 'areas'>>;
  versions: { fileName: string; lines: string[]; changeNote: string; material: boolean }[];
}

/** Best practices from several kinds of members, under several labels, some asking for acknowledgement. */
const demoDocuments: DemoDocument[] = [
  {
    author: 'ruth@rotterdam.example',
    hoursAgo: 30,
    dueInDays: 14,
    fields: {
      title: 'Retiring container-release PIN codes',
      summary:
        'How Rotterdam replaced PIN codes by identity-bound release through the port community system, and what it took.',
      tags: ['release-pins', 'it-security'],
      areas: ['cargo_release', 'it_security'],
      tlp: 'TLP:GREEN',
      recipients: { organisations: ['antwerp', 'hamburg', 'algeciras'], members: [] },
    },
    versions: [
      {
        fileName: 'release-pins-guide.pdf',
        lines: ['Retiring container-release PIN codes', 'Version 1', 'Release only to identified hauliers.'],
        changeNote: 'First version',
        material: false,
      },
      {
        fileName: 'release-pins-guide-v2.pdf',
        lines: ['Retiring container-release PIN codes', 'Version 2', 'Adds the roll-out plan for terminals.'],
        changeNote: 'Roll-out plan for terminals added',
        material: false,
      },
    ],
  },
  {
    author: 'ben@antwerp.example',
    hoursAgo: 60,
    fields: {
      title: 'Scanner deployment plan for reefer terminals',
      summary: 'Where Antwerp places fixed and mobile scanners, and how reefers are selected for scanning.',
      tags: ['scanning', 'reefers'],
      areas: ['container_scanning'],
      tlp: 'TLP:AMBER',
      recipients: { organisations: ['rotterdam', 'hamburg', 'be-customs'], members: [] },
    },
    versions: [
      {
        fileName: 'scanner-deployment.pdf',
        lines: ['Scanner deployment plan', 'TLP:AMBER - recipients only', 'Fixed portals at gates 3 and 7.'],
        changeNote: 'First version',
        material: false,
      },
    ],
  },
  {
    author: 'sam@northsea-line.example',
    hoursAgo: 90,
    fields: {
      title: 'Seal verification on board: a crew checklist',
      summary: 'Five checks a crew makes on every seal before departure and on arrival.',
      tags: ['seals', 'crews'],
      areas: ['seal_integrity'],
      tlp: 'TLP:CLEAR',
    },
    versions: [
      {
        fileName: 'seal-checks.pdf',
        lines: ['Seal verification on board', '1. Compare the number with the manifest', '2. Pull and twist'],
        changeNote: 'First version',
        material: false,
      },
    ],
  },
  {
    author: 'carl@commission.example',
    hoursAgo: 150,
    dueInDays: 30,
    fields: {
      title: 'Personnel vetting: harmonized procedure',
      summary: 'The vetting every port applies to staff with access to container data or terminals.',
      tags: ['vetting', 'insiders'],
      areas: ['personnel_vetting', 'access_control'],
      tlp: 'TLP:GREEN',
      recipients: {
        organisations: ['antwerp', 'rotterdam', 'hamburg', 'algeciras', 'marseille'],
        members: [],
      },
    },
    versions: [
      {
        fileName: 'vetting-procedure.pdf',
        lines: [
          'Personnel vetting: harmonized procedure',
          'Applies to every port authority of the alliance.',
        ],
        changeNote: 'First version',
        material: false,
      },
    ],
  },
];

function demoAuthor(email: string) {
  for (const org of demoAlliance) {
    const member = org.members.find((m) => m.email === email);
    if (member) return { ...member, id: demoMemberId(email, org.id), organisationId: org.id, kind: org.kind };
  }
  throw new Error(`no demo member ${email}`);
}

/**
 * Publishes the demo documents through the same store the API uses, with their files written to
 * the local bucket and their real SHA-256, so a newcomer can download and attest them.
 */
export async function seedDemoDocuments(
  db: DocumentClient,
  tableName: string,
  files: DemoFiles,
  now = new Date(),
) {
  const store = new DynamoDocumentStore(db, tableName);
  for (const [i, demo] of demoDocuments.entries()) {
    const id = `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`;
    // An interrupted seed is redone from the start: documents already there stay as they are.
    if (await store.get(id)) continue;
    const author = demoAuthor(demo.author);
    const by = { memberId: author.id, email: author.email };
    const start = now.getTime() - demo.hoursAgo * 3_600_000;
    const contents = demo.versions.map((v) => onePagePdf(v.lines));
    const fileOf = (n: number): DocumentFile => ({
      fileName: demo.versions[n]!.fileName,
      contentType: 'application/pdf',
      size: contents[n]!.length,
    });
    const input = NewDocument.parse({
      ...demo.fields,
      file: fileOf(0),
      ...(demo.dueInDays
        ? {
            requiresAcknowledgement: true,
            acknowledgeBy: new Date(now.getTime() + demo.dueInDays * 86_400_000).toISOString(),
          }
        : {}),
    });
    const { file: _file, ...metadata } = input;
    const at = (hours: number) => new Date(start + hours * 3_600_000).toISOString();
    const audit = (action: string, when: string, details?: Record<string, unknown>): AuditEvent => ({
      at: when,
      requestId: `seed-${id}-${action}-${when}`,
      actor: { memberId: author.id, organisationId: author.organisationId, role: author.role },
      action,
      object: { type: 'document', id },
      organisationId: author.organisationId,
      ...(details ? { details } : {}),
    });
    let document: Document = {
      ...metadata,
      ...draftFields(
        id,
        { memberId: author.id, email: author.email, organisationId: author.organisationId },
        new Date(at(0)),
      ),
      authorOrganisationKind: author.kind,
      currentVersion: 0,
      currentFile: null,
      versionAt: null,
    };
    for (const [n, v] of demo.versions.entries()) {
      const version = n + 1;
      const when = at(n * 12);
      const fileId = `v${version}/seed`;
      const body = contents[n]!;
      await files.s3.send(
        new PutObjectCommand({
          Bucket: files.bucket,
          Key: `${fileKeyPrefixes.documents}${id}/${fileId}`,
          Body: body,
          ContentType: 'application/pdf',
        }),
      );
      // Scanned as every upload at home is, so the demo's files can be downloaded (./malware-scan.ts).
      await scanLikeGuardDuty(files.s3, files.bucket, `${fileKeyPrefixes.documents}${id}/${fileId}`);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const pending: StoredVersion = {
        version,
        changeNote: v.changeNote,
        material: v.material,
        ...fileOf(n),
        sha256: null,
        uploadedAt: null,
        superseded: false,
        createdAt: when,
        createdBy: by,
        fileId,
      };
      if (version === 1) await store.create(document, pending, audit('document.drafted', when));
      else await store.prepareVersion(document, pending, audit('document.version_started', when));
      const next: Document = {
        ...document,
        status: 'published',
        revision: document.revision + 1,
        currentVersion: version,
        currentFile: { ...fileOf(n), sha256 },
        acknowledgementRound: document.acknowledgementRound + (version > 1 && v.material ? 1 : 0),
        updatedAt: when,
        publishedAt: document.publishedAt ?? when,
        versionAt: when,
      };
      const completedAt = new Date(Date.parse(when) + 1000).toISOString();
      await store.completeVersion(
        document,
        next,
        { ...pending, sha256, uploadedAt: when },
        audit(version === 1 ? 'document.published' : 'document.version_published', completedAt, {
          version,
          sha256,
          summary: documentSummaryOf(next).title,
        }),
      );
      document = next;
    }
  }
}
