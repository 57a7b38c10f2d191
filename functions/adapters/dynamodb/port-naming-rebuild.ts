import { paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Bulletin } from '../../../shared';
import type { DocumentClient } from './client';
import { namingPorts } from './waterbed-aggregate';

/**
 * Writes every published bulletin onto the items of the ports it names, as its publication
 * would now: for bulletins published before the waterbed kept them, or to repair them. Like
 * `rebuildHarmonization` (./harmonization-rebuild.ts), run once by hand in AWS or at a local
 * start with kept data; each write sets one attribute, so running it again changes nothing. One
 * Scan of the table (bulletins have no list of their own across organisations); returns how many
 * bulletins it wrote.
 */
export async function rebuildPortNaming(db: DocumentClient, tableName: string): Promise<number> {
  let written = 0;
  for await (const page of paginateScan(
    { client: db },
    {
      TableName: tableName,
      FilterExpression: '#type = :bulletin AND #status = :published',
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
      ExpressionAttributeValues: { ':bulletin': 'BULLETIN', ':published': 'published' },
    },
  )) {
    for (const item of page.Items ?? []) {
      const bulletin = item as Bulletin;
      const updates = namingPorts(tableName, null, bulletin);
      for (const update of updates) if (update.Update) await db.send(new UpdateCommand(update.Update));
      if (updates.length > 0) written++;
    }
  }
  return written;
}
