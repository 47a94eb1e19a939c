import { describe, expect, it } from 'vitest';
import { AUTO_PAUSE, autoPauseReason } from '../../../shared/campaigns/delivery/progress';
import { emptyCounters } from '../../../shared/campaigns/model';

const with_ = (sent: number, bounced = 0, complained = 0) => ({ counters: { ...emptyCounters(), sent, bounced, complained } });

describe('autoPauseReason', () => {
  it('says nothing before 200 sends, however bad the rates', () => {
    expect(AUTO_PAUSE.minimumSent).toBe(200);
    expect(autoPauseReason(with_(199, 150, 50))).toBeUndefined();
  });

  it('pauses once bounces pass 4% (not at 4%), and says so', () => {
    expect(autoPauseReason(with_(200, 8))).toBeUndefined();
    expect(autoPauseReason(with_(200, 9))).toMatch(/^Paused by Hearth: 9 of 200 mails bounced \(4\.5%\), more than 4%/);
  });

  it('pauses once complaints pass 0.08%', () => {
    expect(autoPauseReason(with_(2500, 0, 2))).toBeUndefined();
    expect(autoPauseReason(with_(2500, 0, 3))).toMatch(/3 of 2500 recipients marked it as spam \(0\.12%\), more than 0\.08%/);
  });

  it('after a resume, judges only the sends since the last pause', () => {
    const since = { sent: 200, bounced: 20, complained: 0 };
    expect(autoPauseReason(with_(399, 60), since)).toBeUndefined(); // 199 new sends
    expect(autoPauseReason(with_(400, 28), since)).toBeUndefined(); // 8 of 200 new: 4%
    expect(autoPauseReason(with_(400, 29), since)).toMatch(/9 of 200 mails bounced/);
  });
});
