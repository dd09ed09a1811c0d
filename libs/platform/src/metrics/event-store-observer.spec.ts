import { eventStoreObserver } from './event-store-observer.js';
import { PlatformMetrics } from './platform-metrics.js';

describe('eventStoreObserver', () => {
  it('records append durations by stream category and subscription lag by subscription', async () => {
    const metrics = new PlatformMetrics('referrals');
    const observer = eventStoreObserver(metrics);
    observer.appendDuration!(0.004, 'referral');
    observer.subscriptionLag!('referrals-relay', 17);

    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /lead_event_store_append_duration_seconds_bucket\{le="0\.005",service="referrals",stream_category="referral"\} 1/,
    );
    expect(text).toMatch(
      /lead_subscription_lag_events\{(?=[^}]*subscription="referrals-relay")(?=[^}]*service="referrals")[^}]*\} 17/,
    );
  });
});
