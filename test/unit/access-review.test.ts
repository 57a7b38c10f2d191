import { describe, expect, it } from 'vitest';
import {
  accessReviewDueAt,
  accessReviewIntervalDays,
  accessReviewStatus,
  isAccessReviewOverdue,
} from '../../shared/access-review';
import { isRestrictedRead, restrictedReadActions } from '../../shared/audit';

const completed = '2026-01-10T08:00:00.000Z';

describe('access review rule', () => {
  it('is due 90 days after the last review, overdue from that instant on', () => {
    expect(accessReviewIntervalDays).toBe(90);
    expect(accessReviewDueAt(completed)).toBe('2026-04-10T08:00:00.000Z');
    expect(isAccessReviewOverdue(completed, new Date('2026-04-10T07:59:59.999Z'))).toBe(false);
    expect(isAccessReviewOverdue(completed, new Date('2026-04-10T08:00:00.000Z'))).toBe(true);
    expect(isAccessReviewOverdue(completed, new Date('2026-01-10T08:00:00.000Z'))).toBe(false);
  });

  it('counts an organisation that never reviewed as overdue, with no due date', () => {
    expect(accessReviewDueAt(null)).toBeNull();
    expect(isAccessReviewOverdue(null, new Date('2000-01-01T00:00:00.000Z'))).toBe(true);
    expect(accessReviewStatus('antwerp', null, new Date())).toEqual({
      organisationId: 'antwerp',
      lastCompletedAt: null,
      dueAt: null,
      overdue: true,
    });
    expect(
      accessReviewStatus('antwerp', { completedAt: completed }, new Date('2026-02-01T00:00:00.000Z')),
    ).toEqual({
      organisationId: 'antwerp',
      lastCompletedAt: completed,
      dueAt: '2026-04-10T08:00:00.000Z',
      overdue: false,
    });
  });
});

describe('restricted reads', () => {
  it('are the read actions of restricted bulletins and documents, nothing else', () => {
    for (const action of Object.values(restrictedReadActions)) expect(isRestrictedRead(action)).toBe(true);
    for (const action of ['bulletin.edited', 'audit.read', 'member.invited', 'document.acknowledged']) {
      expect(isRestrictedRead(action)).toBe(false);
    }
  });
});
