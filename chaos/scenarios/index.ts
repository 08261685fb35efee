/** Every chaos scenario, in the order the suite runs them. */
import type { Scenario } from '../scenario';
import { duplicatesScenario } from './duplicates';
import { fuzzScenario } from './fuzz';
import { pimStormsScenario } from './pim-storms';
import { temporalNodeKillScenario } from './temporal-node-kill';
import { temporalRestartScenario } from './temporal-restart';
import { thirdPartyFaultsScenario } from './third-party-faults';
import { workerKillScenario } from './worker-kill';

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  workerKillScenario,
  temporalRestartScenario,
  temporalNodeKillScenario,
  thirdPartyFaultsScenario,
  pimStormsScenario,
  duplicatesScenario,
  fuzzScenario,
];
