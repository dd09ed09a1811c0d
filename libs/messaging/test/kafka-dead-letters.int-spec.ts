import { poisonMessageScenario } from './support/bus-scenarios.js';
import { KafkaBus } from './support/bus-under-test.js';

// <topic>.dlq and the lead-dlq command line tool on Kafka (a file of its own: each DLQ read joins a throwaway
// consumer group, which the mock broker completes only after its 3 s initial rebalance delay).
describe('Kafka bus dead letters', () => {
  poisonMessageScenario((label) => KafkaBus.create(label));
});
