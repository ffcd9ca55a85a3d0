import { InProcessDriver } from './in-process-driver';
import { describeQueueDriverContract } from './queue-driver.contract';

describeQueueDriverContract('in-process', (retry) => new InProcessDriver(retry));

describe('in-process driver', () => {
  it('whenIdle resolves once ready and running jobs are done', async () => {
    const driver = new InProcessDriver({ attempts: 1, backoffMs: 0 });
    let done = 0;
    driver.process('idle-test', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done++;
    }, { concurrency: 1 });
    for (let i = 0; i < 3; i++) await driver.add('idle-test', {});
    await driver.whenIdle();
    expect(done).toBe(3);
    await driver.close();
  });
});
