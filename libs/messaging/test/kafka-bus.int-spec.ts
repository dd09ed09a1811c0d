import { databaseOutageScenario, endToEndScenario, eventStoreReactionScenario } from './support/bus-scenarios.js';
import { KafkaBus } from './support/bus-under-test.js';

// Relay → Kafka (librdkafka's mock broker under `npm test`) → consumer group with inbox.
describe('Kafka bus', () => {
  endToEndScenario((label) => KafkaBus.create(label));
  eventStoreReactionScenario((label) => KafkaBus.create(label));
  databaseOutageScenario((label) => KafkaBus.create(label));
});
