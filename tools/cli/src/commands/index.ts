import type { Command } from '../command';
import { callCommand } from './call';
import { datasetsLsCommand, datasetsPutCommand, datasetsRmCommand } from './datasets';
import { jobsCancelCommand, jobsLsCommand, jobsShowCommand, jobsWatchCommand } from './jobs';
import { modelsLsCommand } from './models';
import { itemsetsListingCommand, rulesCommand } from './results';
import { submitCommand } from './submit';
import { workersCommand } from './workers';

export const COMMANDS: readonly Command[] = [
  callCommand,
  submitCommand,
  jobsLsCommand,
  jobsShowCommand,
  jobsWatchCommand,
  jobsCancelCommand,
  datasetsPutCommand,
  datasetsLsCommand,
  datasetsRmCommand,
  modelsLsCommand,
  itemsetsListingCommand,
  rulesCommand,
  workersCommand,
];
