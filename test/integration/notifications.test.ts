import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifyFromStream } from '../../functions/jobs/notify';
import { streamsClientOf } from '../../functions/local/stream-poller';
import type { Notification } from '../../shared/notification';
import { createNotifyingPortal, type NotifyingPortal } from '../support/notifications';
import { demoMember } from '../support/portal';
import { publishBulletin } from '../support/shared-items';

/**
 * Notifications end to end: the API writes its transaction, the stream poller runs the notify job
 * (the same function as the Lambda), and the mail arrives in the real local SMTP mailbox.
 */

let portal: NotifyingPortal;
const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';
const title = 'Rip-on in reefer containers zqTITLEqz';
const summary = 'Bags behind the evaporator panel zqSUMMARYqz';

beforeAll(async () => {
  portal = await createNotifyingPortal({ seed: 'directory' });
});

const notificationsOf = async (as: string) => (await portal.request('/api/v1/me/notifications', { as })).json;

/** Every record on the portal table's stream so far, as Lambda would be handed them. */
async function streamRecords(): Promise<DynamoDBRecord[]> {
  const streams = await streamsClientOf(portal.dynamo);
  const { Table } = await portal.dynamo.send(new DescribeTableCommand({ TableName: portal.tableName }));
  const { StreamDescription } = await streams.send(
    new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }),
  );
  const records: DynamoDBRecord[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: Table!.LatestStreamArn!,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (ShardIterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
      records.push(...((page.Records ?? []) as unknown as DynamoDBRecord[]));
      if ((page.Records ?? []).length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  streams.destroy();
  return records;
}

describe('a bulletin published to an organisation', () => {
  it('tells its members in the centre and by mail within 10 s, naming label and publisher but not the title', async () => {
    const before = portal.mailbox.messages().length;
    const started = Date.now();
    const bulletin = await publishBulletin(portal, ben, { title, summary, tlp: 'TLP:AMBER' });
    const mails = await portal.mailbox.waitFor(before + 1, 10_000);
    await portal.notifier.settled();
    expect(Date.now() - started).toBeLessThan(10_000);

    const centre = await notificationsOf(ruth);
    expect(centre.unread).toBe(1);
    expect(centre.items).toEqual([
      {
        id: expect.any(String),
        kind: 'published',
        itemType: 'bulletin',
        itemId: bulletin.id,
        tlp: 'TLP:AMBER',
        organisationId: 'antwerp',
        createdAt: expect.any(String),
        read: false,
      } satisfies Record<keyof Notification, unknown>,
    ]);
    // Nobody outside the recipients is told, nor the author.
    expect((await notificationsOf(hans)).items).toEqual([]);
    expect((await notificationsOf(ben)).items).toEqual([]);

    const toRuth = mails.filter((m) => m.to.includes(ruth));
    expect(toRuth).toHaveLength(1);
    const mail = toRuth[0]!;
    expect(mail.subject).toBe('Port of Antwerp-Bruges posted a TLP:AMBER bulletin for you');
    const everything = `${mail.subject}\n${mail.text}\n${mail.html}\n${JSON.stringify(mail.headers)}`;
    expect(everything).not.toContain('zqTITLEqz');
    expect(everything).not.toContain('zqSUMMARYqz');
    expect(mail.text).toContain(`${portal.deps.publicBaseUrl}/bulletins/${bulletin.id}`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
    expect(unsubscribe).toContain('/api/v1/unsubscribe/');
    expect(mails.filter((m) => !m.to.includes(ruth)).length).toBe(before);

    // The header's link works with one POST and no sign-in: Ruth gets no more mail of this kind.
    const path = new URL(unsubscribe!).pathname;
    const res = await portal.request(path, {
      method: 'POST',
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.json).toEqual({ topic: 'restricted_items', delivery: 'off' });
    await publishBulletin(portal, ben, { title, summary, tlp: 'TLP:AMBER' });
    await portal.notifier.settled();
    expect((await notificationsOf(ruth)).unread).toBe(2);
    expect(portal.mailbox.messages().filter((m) => m.to.includes(ruth))).toHaveLength(1);
  });

  it('tells only the named members of a TLP:RED bulletin', async () => {
    const ana = demoMember('ana@antwerp.example');
    const beforeBo = (await notificationsOf('bo@antwerp.example')).items.length;
    // Addressed to Antwerp itself, naming Ana only: Bo, of the same organisation, is not told.
    await publishBulletin(portal, 'ruth@rotterdam.example', {
      tlp: 'TLP:RED',
      recipients: { organisations: ['antwerp'], members: [ana.id] },
    });
    await portal.notifier.settled();
    expect((await notificationsOf(ana.email)).items.map((n: Notification) => n.tlp)).toContain('TLP:RED');
    expect((await notificationsOf('bo@antwerp.example')).items.length).toBe(beforeBo);
  });

  it('writes and mails nothing twice when the whole stream is replayed', async () => {
    await portal.notifier.settled();
    const mails = portal.mailbox.messages().length;
    const ruths = await notificationsOf(ruth);
    const records = await streamRecords();
    expect(records.length).toBeGreaterThan(0);
    const outcome = await notifyFromStream(records, portal.notifier.notifyDeps);
    expect(outcome).toEqual({ notified: 0, mailed: 0 });
    expect(portal.mailbox.messages().length).toBe(mails);
    expect(await notificationsOf(ruth)).toEqual(ruths);
  });
});
