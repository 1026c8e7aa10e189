import 'reflect-metadata';
import { bootstrapService } from '@modelbus/platform';
import { appModule } from './app.module';

bootstrapService('recommendation', appModule).catch((err) => {
  process.stderr.write(`recommendation failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
