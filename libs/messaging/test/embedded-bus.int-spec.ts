import {
  databaseOutageScenario,
  endToEndScenario,
  eventStoreReactionScenario,
  poisonMessageScenario,
} from './support/bus-scenarios.js';
import { EmbeddedBus } from './support/bus-under-test.js';

// The same consumer definitions fed by a checkpointed subscription on the event store; dead letters in a table.
describe('embedded bus', () => {
  endToEndScenario((label) => EmbeddedBus.create(label));
  poisonMessageScenario((label) => EmbeddedBus.create(label));
  eventStoreReactionScenario((label) => EmbeddedBus.create(label));
  databaseOutageScenario((label) => EmbeddedBus.create(label));
});
