import { TOPICS, type IntegrationEventType, type LatestEventData, type Topic } from '@lead/contracts';
import { ManualClock } from '@lead/scheduling';
import { ServiceClock } from '@lead/scheduling/service';
import {
  callService,
  eventually,
  publishOnEmbeddedBus,
  startServiceApp,
  type Answer,
  type MessageSubject,
  type ServiceApp,
} from '@lead/testing';
import { ReportingModule } from '../src/reporting.module.js';

export type { Answer };
export { eventually };

export interface ReportingApp extends ServiceApp {
  schema: string;
  clock: ManualClock;
}

/** The real ReportingModule (embedded bus by default) on a random port, in schemas of its own. */
export async function startReportingApp(
  extraEnv: Record<string, string> = {},
  now: Date = new Date(),
): Promise<ReportingApp> {
  const service = await startServiceApp(ReportingModule, { label: 'reporting', env: extraEnv });
  const clock = new ManualClock(now);
  service.app.get(ServiceClock).drive(clock);
  return Object.assign(service, { schema: service.env.DATABASE_SCHEMA, clock });
}

export function call(app: ReportingApp, path: string, token: string): Promise<Answer> {
  return callService(app.url, 'GET', path, token);
}

const SOURCES: Record<Topic, string> = {
  [TOPICS.referrals]: '/lead/referrals',
  [TOPICS.cases]: '/lead/case-management',
  [TOPICS.prosecution]: '/lead/prosecution',
};

const topicOf = (type: string): Topic =>
  type.startsWith('lead.case.')
    ? TOPICS.cases
    : type.startsWith('lead.prosecution.')
      ? TOPICS.prosecution
      : TOPICS.referrals;

/** Another service's event on the embedded bus, as its relay would publish it, recorded at `time`. */
export function publish<T extends IntegrationEventType>(
  app: ReportingApp,
  subject: MessageSubject,
  type: T,
  data: LatestEventData[T],
  time?: string,
) {
  const topic = topicOf(type);
  return publishOnEmbeddedBus(app.store, topic, SOURCES[topic], subject, type, data, time);
}
